/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.codec;

import static io.github.redisguard.codec.CodecTestData.crc32c;
import static io.github.redisguard.codec.CodecTestData.startsWithMagic;
import static io.github.redisguard.codec.CodecTestData.stored;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.CorruptValueException;
import io.github.redisguard.DataSize;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the codec: whatever is written reads back byte for byte, and whatever is read either comes back
 * unchanged, decodes to bytes whose checksum matched, or raises {@link CorruptValueException}; never any other
 * exception or error.
 */
class ValueCodecPropertiesTest {

    /** A small bound, so that hostile lengths just above and below it are reachable. */
    private static final ValueCodec SMALL = ValueCodec.create(DataSize.ofKilobytes(512));

    private static final ValueCodec CODEC = ValueCodec.defaults();

    @Property(tries = 2000)
    void decodeOfEncode_isTheOriginal(@ForAll("values") byte[] value, @ForAll("compressions") Compression compression) {
        byte[] copy = value.clone();

        byte[] stored = SMALL.encode(value, compression);

        assertThat(value).isEqualTo(copy);
        Statistics.label("stored form").collect(storedForm(value, stored));
        Statistics.label("value size").collect(sizeClass(value.length));
        Statistics.label("stored form").coverage(coverage -> {
            for (String form : List.of("as given", "escaped", "lz4", "zstd")) {
                coverage.check(form).percentage(p -> p >= 2.0);
            }
        });
        Statistics.label("value size").coverage(coverage -> {
            coverage.check("0..40").percentage(p -> p >= 10.0);
            coverage.check("100KB+").percentage(p -> p >= 5.0);
        });
        if (stored == value) {
            assertThat(startsWithMagic(value))
                    .as("a value starting with the magic is never stored as given")
                    .isFalse();
            assertThat(SMALL.decode(stored)).isSameAs(value);
        } else {
            assertThat(ValueCodec.isEncoded(stored)).isTrue();
            assertThat(stored.length).isLessThanOrEqualTo(value.length + ValueCodec.headerLength());
            assertThat(SMALL.decode(stored)).isEqualTo(copy);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(stored.length).put(stored).flip();
        assertThat(SMALL.decode(direct)).isEqualTo(ByteBuffer.wrap(copy));
        assertThat(direct.position()).isZero();
    }

    @Property(tries = 3000)
    void decodeOfArbitraryBytes_returnsThemUnchangedOrThrowsCorruptValue(@ForAll("storedLike") byte[] stored) {
        byte[] copy = stored.clone();
        boolean encoded = ValueCodec.isEncoded(stored);
        try {
            byte[] decoded = SMALL.decode(stored);
            if (encoded) {
                assertThat(decoded).isNotSameAs(stored);
                assertThat(crc32c(decoded)).isEqualTo(CodecTestData.getInt(stored, 9));
                assertThat(decoded.length).isEqualTo(CodecTestData.getInt(stored, 5));
            } else {
                assertThat(decoded).isSameAs(stored);
            }
        } catch (CorruptValueException e) {
            assertThat(encoded)
                    .as("only a value with a valid header is corrupt")
                    .isTrue();
        }
        assertThat(stored).as("decode never modifies its argument").isEqualTo(copy);
    }

    @Property(tries = 3000)
    void decodeOfHostileHeaderAndPayload_onlyThrowsCorruptValueOrMatchesItsChecksum(
            @ForAll("hostileValues") byte[] stored) {
        assertThat(ValueCodec.isEncoded(stored)).isTrue();
        int declaredLength = CodecTestData.getInt(stored, 5);
        int declaredCrc = CodecTestData.getInt(stored, 9);
        ByteBuffer direct = ByteBuffer.allocateDirect(stored.length).put(stored).flip();

        for (ValueCodec codec : List.of(SMALL, CODEC)) {
            try {
                byte[] decoded = codec.decode(stored);
                Statistics.label("outcome").collect("decoded");
                assertThat(decoded.length).isEqualTo(declaredLength);
                assertThat(crc32c(decoded)).isEqualTo(declaredCrc);
                assertThat(codec.decode(direct)).isEqualTo(ByteBuffer.wrap(decoded));
            } catch (CorruptValueException e) {
                Statistics.label("outcome").collect("corrupt");
                assertThat(e.getMessage()).isNotEmpty();
            }
        }
        Statistics.label("outcome")
                .coverage(coverage -> coverage.check("decoded").percentage(p -> p >= 2.0));
    }

    @Property(tries = 2000)
    void decodeOfMutatedPayload_returnsTheOriginalOrThrowsCorruptValue(
            @ForAll("values") byte[] value,
            @ForAll("compressions") Compression compression,
            @ForAll("mutations") List<int[]> mutations) {
        byte[] stored = SMALL.encode(value, compression);
        if (stored == value || stored.length == ValueCodec.headerLength()) {
            return; // stored as given: nothing of ours to damage
        }
        byte[] damaged = stored.clone();
        for (int[] mutation : mutations) {
            int offset = ValueCodec.headerLength() + mutation[0] % (stored.length - ValueCodec.headerLength());
            damaged[offset] = (byte) mutation[1];
        }

        try {
            assertThat(SMALL.decode(damaged)).isEqualTo(value);
        } catch (CorruptValueException e) {
            assertThat(Arrays.equals(damaged, stored))
                    .as("an undamaged value decodes")
                    .isFalse();
        }
    }

    @Property(tries = 1000)
    void decodeOfMutatedHeader_isForeignOrTheOriginalOrCorrupt(
            @ForAll("values") byte[] value,
            @ForAll("compressions") Compression compression,
            @ForAll @IntRange(min = 0, max = 16) int offset,
            @ForAll byte replacement) {
        byte[] stored = SMALL.encode(value, compression);
        if (stored == value) {
            return;
        }
        byte[] damaged = stored.clone();
        damaged[offset] = replacement;

        try {
            byte[] decoded = SMALL.decode(damaged);
            if (decoded != damaged) {
                assertThat(decoded).isEqualTo(value);
            } else {
                assertThat(ValueCodec.isEncoded(damaged)).isFalse();
            }
        } catch (CorruptValueException e) {
            assertThat(damaged[offset]).isNotEqualTo(stored[offset]);
        }
    }

    private static String storedForm(byte[] value, byte[] stored) {
        if (stored == value) {
            return "as given";
        }
        switch (stored[4]) {
            case 0:
                return "escaped";
            case 1:
                return "lz4";
            default:
                return "zstd";
        }
    }

    private static String sizeClass(int length) {
        if (length <= 40) {
            return "0..40";
        }
        if (length < 4096) {
            return "41..4095";
        }
        return length < 100 * 1024 ? "4KB..100KB" : "100KB+";
    }

    @Provide
    Arbitrary<byte[]> values() {
        Arbitrary<byte[]> tiny = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> small = Arbitraries.bytes()
                .array(byte[].class)
                .ofMaxSize(1500)
                .withSizeDistribution(RandomDistribution.uniform());
        Arbitrary<byte[]> text = Arbitraries.strings()
                .withChars("{}[]\":, abcdefghijklmnopqrstuvwxyz0123456789éü€")
                .ofMaxLength(4000)
                .withLengthDistribution(RandomDistribution.uniform())
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> generated = Combinators.combine(
                        Arbitraries.of(CodecTestData.Kind.class),
                        Arbitraries.integers().between(0, 300_000).withDistribution(RandomDistribution.uniform()),
                        Arbitraries.longs())
                .as(CodecTestData::generate);
        Arbitrary<byte[]> plain = Arbitraries.frequencyOf(
                Tuple.of(2, tiny), Tuple.of(2, small), Tuple.of(3, text), Tuple.of(4, generated));
        return Arbitraries.frequencyOf(
                Tuple.of(6, plain),
                Tuple.of(2, plain.map(CodecTestData::withMagicPrefix)),
                // a plain value that looks exactly like an encoded one must still read back as itself
                Tuple.of(1, hostile()));
    }

    @Provide
    Arbitrary<Compression> compressions() {
        return Arbitraries.of(
                Compression.none(),
                Compression.lz4(DataSize.ofBytes(32)),
                Compression.lz4(DataSize.ofBytes(40)),
                Compression.lz4(DataSize.ofKilobytes(1)),
                Compression.lz4(DataSize.ofKilobytes(16)),
                Compression.zstd(DataSize.ofBytes(32)),
                Compression.zstd(DataSize.ofKilobytes(1)),
                Compression.zstd(DataSize.ofKilobytes(64)));
    }

    /** Bytes as a reader may find them: anything, magic-prefixed, header-valid, or really encoded. */
    @Provide
    Arbitrary<byte[]> storedLike() {
        Arbitrary<byte[]> anything = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> encoded = Combinators.combine(values(), compressions())
                .as((value, compression) -> SMALL.encode(value, compression));
        return Arbitraries.frequencyOf(
                Tuple.of(2, anything),
                Tuple.of(2, anything.map(CodecTestData::withMagicPrefix)),
                Tuple.of(3, hostile()),
                Tuple.of(2, encoded));
    }

    /** A correct header check over arbitrary fields, then an arbitrary or a real compressed payload. */
    private static Arbitrary<byte[]> hostile() {
        return Combinators.combine(versions(), algorithmIds(), declaredLengths(), payloads(), Arbitraries.integers())
                .as((version, algorithm, length, payload, crc) -> stored(version, algorithm, length, crc, payload));
    }

    /**
     * Header-valid values: arbitrary fields over arbitrary or real payloads, and real encodings with none or one
     * of their header fields changed (and the header check recomputed).
     */
    @Provide
    Arbitrary<byte[]> hostileValues() {
        Arbitrary<byte[]> realWithOneFieldChanged = Combinators.combine(
                        realEncodings(),
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers(),
                        Arbitraries.integers().between(-3, 3))
                .as((encoded, field, value, delta) -> {
                    byte[] stored = encoded.clone();
                    switch (field) {
                        case 0:
                            stored[3] = value.byteValue();
                            break;
                        case 1:
                            stored[4] = (byte) (value & 3);
                            break;
                        case 2:
                            CodecTestData.putInt(stored, 5, CodecTestData.getInt(stored, 5) + delta);
                            break;
                        case 3:
                            CodecTestData.putInt(stored, 5, value);
                            break;
                        case 4:
                            CodecTestData.putInt(stored, 9, value);
                            break;
                        default:
                            break; // unchanged
                    }
                    CodecTestData.resealHeader(stored);
                    return stored;
                });
        return Arbitraries.frequencyOf(Tuple.of(3, hostile()), Tuple.of(2, realWithOneFieldChanged));
    }

    /** Real encoded values, compressed (LZ4 or Zstandard) or escaped (algorithm NONE). */
    private static Arbitrary<byte[]> realEncodings() {
        return Combinators.combine(
                        Arbitraries.of(CodecTestData.Kind.class),
                        Arbitraries.integers().between(0, 70_000).withDistribution(RandomDistribution.uniform()),
                        Arbitraries.longs(),
                        Arbitraries.of(CompressionAlgorithm.class))
                .as((kind, size, seed, algorithm) -> {
                    byte[] value = CodecTestData.generate(kind, size, seed);
                    byte[] stored = algorithm == CompressionAlgorithm.NONE
                            ? value
                            : CODEC.encode(value, Compression.of(algorithm, DataSize.ofBytes(32)));
                    return stored != value ? stored : stored(1, 0, value.length, crc32c(value), value);
                });
    }

    private static Arbitrary<Integer> versions() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
    }

    private static Arbitrary<Integer> algorithmIds() {
        return Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.integers().between(0, 2)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
    }

    private static Arbitrary<Integer> declaredLengths() {
        int bound = (int) SMALL.maxDecodedSize().toBytes();
        return Arbitraries.oneOf(
                Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(0, 70_000),
                Arbitraries.of(bound - 1, bound, bound + 1, Integer.MAX_VALUE, Integer.MIN_VALUE, -1),
                Arbitraries.integers());
    }

    /** Arbitrary bytes, or the payload of a real LZ4 or Zstandard encoding (damaged or not by the other fields). */
    private static Arbitrary<byte[]> payloads() {
        Arbitrary<byte[]> anything = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> real = Combinators.combine(
                        Arbitraries.of(CodecTestData.Kind.class),
                        Arbitraries.integers().between(32, 70_000),
                        Arbitraries.longs(),
                        Arbitraries.of(CompressionAlgorithm.LZ4, CompressionAlgorithm.ZSTD))
                .as((kind, size, seed, algorithm) -> {
                    byte[] value = CodecTestData.generate(kind, size, seed);
                    byte[] stored = CODEC.encode(value, Compression.of(algorithm, DataSize.ofBytes(32)));
                    return Arrays.copyOfRange(stored, stored == value ? 0 : ValueCodec.headerLength(), stored.length);
                });
        return Arbitraries.frequencyOf(Tuple.of(1, anything), Tuple.of(1, real));
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        Arbitrary<int[]> mutation = Combinators.combine(
                        Arbitraries.integers().between(0, Integer.MAX_VALUE),
                        Arbitraries.integers().between(0, 255))
                .as((offset, value) -> new int[] {offset, value});
        return mutation.list().ofMinSize(1).ofMaxSize(4);
    }
}
