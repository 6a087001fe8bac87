/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.codec;

import static io.github.redisguard.codec.CodecTestData.MAGIC;
import static io.github.redisguard.codec.CodecTestData.crc32c;
import static io.github.redisguard.codec.CodecTestData.getInt;
import static io.github.redisguard.codec.CodecTestData.json;
import static io.github.redisguard.codec.CodecTestData.putInt;
import static io.github.redisguard.codec.CodecTestData.random;
import static io.github.redisguard.codec.CodecTestData.resealHeader;
import static io.github.redisguard.codec.CodecTestData.stored;
import static io.github.redisguard.codec.CodecTestData.withMagicPrefix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.airlift.compress.MalformedInputException;
import io.github.redisguard.CorruptValueException;
import io.github.redisguard.DataSize;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueCodecTest {

    private static final ValueCodec CODEC = ValueCodec.defaults();

    private static final Compression LZ4 = Compression.lz4(DataSize.ofBytes(512));

    private static final Compression ZSTD = Compression.zstd(DataSize.ofBytes(512));

    private static Compression compression(CompressionAlgorithm algorithm) {
        return algorithm == CompressionAlgorithm.LZ4 ? LZ4 : ZSTD;
    }

    static Stream<Arguments> payloads() {
        List<Arguments> arguments = new ArrayList<>();
        for (CompressionAlgorithm algorithm : List.of(CompressionAlgorithm.LZ4, CompressionAlgorithm.ZSTD)) {
            for (int size : new int[] {1024, 16 * 1024, 256 * 1024}) {
                arguments.add(Arguments.of(algorithm, "json", size));
                arguments.add(Arguments.of(algorithm, "random", size));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} bytes")
    @MethodSource("payloads")
    void roundTrip_compressibleAndRandomPayloads_byteIdentical(CompressionAlgorithm algorithm, String kind, int size) {
        byte[] value = kind.equals("json") ? json(size, size) : random(size, size);
        byte[] copy = value.clone();

        byte[] stored = CODEC.encode(value, compression(algorithm));
        byte[] decoded = CODEC.decode(stored);

        assertThat(decoded).isEqualTo(copy);
        assertThat(value).as("encode must not modify its argument").isEqualTo(copy);
        if (kind.equals("json")) {
            assertThat(stored.length).isLessThan(size / 2);
            assertThat(ValueCodec.isEncoded(stored)).isTrue();
            assertThat(stored[4]).isEqualTo((byte) (algorithm == CompressionAlgorithm.LZ4 ? 1 : 2));
        } else {
            assertThat(stored).as("incompressible: stored as given").isSameAs(value);
            assertThat(decoded).isSameAs(value);
        }
    }

    @Test
    void encode_compressedForm_hasDocumentedHeader() {
        byte[] value = json(4096, 1);

        byte[] stored = CODEC.encode(value, LZ4);

        assertThat(Arrays.copyOf(stored, 5)).containsExactly(0xFE, 0x52, 0x47, 1, 1);
        assertThat(getInt(stored, 5)).isEqualTo(4096);
        assertThat(getInt(stored, 9)).isEqualTo(crc32c(value));
        assertThat(getInt(stored, 13)).isEqualTo(crc32c(stored, 0, 13));
        assertThat(ValueCodec.headerLength()).isEqualTo(17);
    }

    @Test
    void encode_escapedForm_isHeaderThenValue() {
        byte[] value = withMagicPrefix("x".getBytes(StandardCharsets.US_ASCII));

        byte[] stored = CODEC.encode(value, Compression.none());

        byte[] expected = stored(1, 0, 4, crc32c(value), value);
        assertThat(stored).isEqualTo(expected);
        // the CRC32C check value of "123456789" pins the checksum to CRC32C (Castagnoli), not CRC32
        assertThat(crc32c("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xE3069283);
    }

    @ParameterizedTest
    @EnumSource(names = {"LZ4", "ZSTD"})
    void encode_belowThreshold_returnsSameInstance(CompressionAlgorithm algorithm) {
        byte[] value = json(511, 2);

        assertThat(CODEC.encode(value, compression(algorithm))).isSameAs(value);
        assertThat(CODEC.decode(value)).isSameAs(value);
    }

    @ParameterizedTest
    @EnumSource(names = {"LZ4", "ZSTD"})
    void encode_incompressibleAboveThreshold_returnsSameInstance(CompressionAlgorithm algorithm) {
        for (int size : new int[] {512, 600, 4096, 100_000}) {
            byte[] value = random(size, size);

            assertThat(CODEC.encode(value, compression(algorithm))).isSameAs(value);
        }
    }

    @Test
    void encode_compressionNoneOrEmptyValue_returnsSameInstance() {
        byte[] value = json(100_000, 3);
        byte[] empty = new byte[0];

        assertThat(CODEC.encode(value, Compression.none())).isSameAs(value);
        assertThat(CODEC.encode(empty, LZ4)).isSameAs(empty);
        assertThat(CODEC.decode(empty)).isSameAs(empty);
    }

    @ParameterizedTest
    @EnumSource(names = {"LZ4", "ZSTD"})
    void encode_plainValueStartingWithMagic_readsBackAsItself(CompressionAlgorithm algorithm) {
        List<byte[]> values = List.of(
                MAGIC.clone(), // the magic alone
                withMagicPrefix(random(10, 1)), // below the header length
                withMagicPrefix(random(100, 2)), // below the threshold
                withMagicPrefix(random(5000, 3)), // above the threshold, incompressible
                withMagicPrefix(json(5000, 4)), // above the threshold, compressible
                stored(1, 2, 99, 0, random(30, 5))); // looks exactly like one of ours
        for (byte[] value : values) {
            byte[] copy = value.clone();

            byte[] stored = CODEC.encode(value, compression(algorithm));

            assertThat(stored).isNotSameAs(value);
            assertThat(ValueCodec.isEncoded(stored)).isTrue();
            assertThat(CODEC.decode(stored)).isEqualTo(copy);
            assertThat(CODEC.decode(ByteBuffer.wrap(stored))).isEqualTo(ByteBuffer.wrap(copy));
        }
    }

    @Test
    void encode_compressibleValueStartingWithMagic_isCompressedNotEscaped() {
        byte[] value = withMagicPrefix(json(5000, 4));

        byte[] stored = CODEC.encode(value, LZ4);

        assertThat(stored[4]).isEqualTo((byte) 1);
        assertThat(stored.length).isLessThan(value.length);
    }

    @Test
    void decode_foreignValueWithMagicButWrongHeaderCheck_returnsSameInstance() {
        byte[] ours = CODEC.encode(json(4096, 6), LZ4);
        byte[] foreign = ours.clone();
        foreign[16] ^= 0x01; // header check no longer matches
        byte[] shortValue = Arrays.copyOf(ours, 16); // shorter than the header
        byte[] magicThenText =
                withMagicPrefix("a value another client wrote before the guard".getBytes(StandardCharsets.UTF_8));

        for (byte[] value : List.of(foreign, shortValue, magicThenText, MAGIC.clone())) {
            assertThat(ValueCodec.isEncoded(value)).isFalse();
            assertThat(CODEC.decode(value)).isSameAs(value);
            ByteBuffer buffer = ByteBuffer.wrap(value);
            assertThat(ValueCodec.isEncoded(buffer)).isFalse();
            assertThat(CODEC.decode(buffer)).isSameAs(buffer);
        }
    }

    @Test
    void decode_headerFieldChangedWithoutResealing_isForeign() {
        byte[] stored = CODEC.encode(json(4096, 7), ZSTD);
        for (int i = 0; i < 13; i++) {
            byte[] damaged = stored.clone();
            damaged[i] ^= 0x40;

            assertThat(CODEC.decode(damaged)).as("byte %d", i).isSameAs(damaged);
        }
    }

    @ParameterizedTest
    @EnumSource(CompressionAlgorithm.class)
    void decode_flippedPayloadBit_throwsCorruptValueUnlessTheContentIsUnchanged(CompressionAlgorithm algorithm) {
        byte[] value = withMagicPrefix(json(2048, 8));
        Compression compression = algorithm == CompressionAlgorithm.NONE ? Compression.none() : compression(algorithm);
        byte[] stored = CODEC.encode(value, compression);
        assertThat(stored[4]).isEqualTo((byte) algorithm.ordinal());
        int flips = 0;
        int corrupt = 0;

        for (int i = 17; i < stored.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] damaged = stored.clone();
                damaged[i] ^= (byte) (1 << bit);
                flips++;
                try {
                    byte[] decoded = CODEC.decode(damaged);
                    // A few compressed bits do not matter to the content (an LZ4 match offset that points at an
                    // identical earlier run, an unchecked Zstandard frame-header field): then the original comes
                    // back, verified by its CRC32C. Anything else must be refused.
                    assertThat(decoded).as("byte %d bit %d", i, bit).isEqualTo(value);
                } catch (CorruptValueException e) {
                    corrupt++;
                }
            }
        }

        if (algorithm == CompressionAlgorithm.NONE) {
            assertThat(corrupt).isEqualTo(flips);
        } else {
            assertThat(corrupt).isGreaterThan(flips * 9 / 10);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"LZ4", "ZSTD"})
    void decode_flippedLiteralByte_throwsCorruptValue(CompressionAlgorithm algorithm) {
        byte[] value = json(2048, 8);
        byte[] stored = CODEC.encode(value, compression(algorithm));
        // an LZ4 block ends with literals; a Zstandard frame from aircompressor ends with its own checksum
        byte[] damaged = stored.clone();
        damaged[damaged.length - 1] ^= 0x01;

        assertThatThrownBy(() -> CODEC.decode(damaged)).isInstanceOf(CorruptValueException.class);
    }

    @ParameterizedTest
    @EnumSource(CompressionAlgorithm.class)
    void decode_everyTruncationKeepingTheHeader_throwsCorruptValue(CompressionAlgorithm algorithm) {
        byte[] value = withMagicPrefix(json(3000, 9));
        Compression compression = algorithm == CompressionAlgorithm.NONE ? Compression.none() : compression(algorithm);
        byte[] stored = CODEC.encode(value, compression);

        for (int length = 17; length < stored.length; length++) {
            byte[] truncated = Arrays.copyOf(stored, length);

            assertThatThrownBy(() -> CODEC.decode(truncated))
                    .as("truncated to %d of %d bytes", length, stored.length)
                    .isInstanceOf(CorruptValueException.class);
        }
    }

    @Test
    void decode_decompressionBomb_isRefusedBeforeAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported())
                .as("per-thread allocation counting (HotSpot)")
                .isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        ValueCodec small = ValueCodec.create(DataSize.ofKilobytes(64));
        byte[] lz4Block = CODEC.encode(json(4096, 10), LZ4);
        byte[] payload = Arrays.copyOfRange(lz4Block, 17, lz4Block.length);
        List<Runnable> bombs = new ArrayList<>();
        for (int algorithm = 0; algorithm <= 2; algorithm++) {
            byte[] huge = stored(1, algorithm, Integer.MAX_VALUE, 0, payload);
            byte[] aboveDefault = stored(1, algorithm, 64 * 1024 * 1024 + 1, 0, payload);
            byte[] aboveSmall = stored(1, algorithm, 64 * 1024 + 1, 0, payload);
            bombs.add(() -> CODEC.decode(huge));
            bombs.add(() -> CODEC.decode(aboveDefault));
            bombs.add(() -> small.decode(aboveSmall));
            bombs.add(() -> CODEC.decode(ByteBuffer.wrap(huge)));
        }
        // within maxDecodedSize, but more than an LZ4 block of this size can ever produce
        byte[] lz4WithinBound = stored(1, 1, 64 * 1024 * 1024, 0, payload);
        bombs.add(() -> CODEC.decode(lz4WithinBound));

        for (Runnable bomb : bombs) {
            assertThatThrownBy(bomb::run).isInstanceOf(CorruptValueException.class); // warm-up: class loading
            long before = threads.getCurrentThreadAllocatedBytes();
            assertThatThrownBy(bomb::run).isInstanceOf(CorruptValueException.class);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(allocated).isLessThan(1024 * 1024);
        }
    }

    @Test
    void decode_declaredLengthAboveMaxDecodedSize_namesTheBound() {
        byte[] stored = stored(1, 1, 64 * 1024 * 1024 + 1, 0, new byte[20]);

        assertThatThrownBy(() -> CODEC.decode(stored))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("original length of 67108865 bytes, above maxDecodedSize 64MB");
        assertThatThrownBy(() -> CODEC.decode(stored(1, 0, -1, 0, new byte[0])))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("negative original length (-1)");
    }

    @Test
    void decode_valueLargerThanTheReadersBound_throwsCorruptValue() {
        byte[] value = json(100_000, 11);
        byte[] stored = CODEC.encode(value, LZ4);

        assertThatThrownBy(() -> ValueCodec.create(DataSize.ofKilobytes(64)).decode(stored))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("above maxDecodedSize 64KB");
        assertThat(ValueCodec.create(DataSize.ofBytes(100_000)).decode(stored)).isEqualTo(value);
    }

    @ParameterizedTest
    @EnumSource(names = {"LZ4", "ZSTD"})
    void decode_payloadInflatingBeyondTheDeclaredLength_throwsCorruptValue(CompressionAlgorithm algorithm) {
        byte[] value = json(16 * 1024, 12);
        byte[] stored = CODEC.encode(value, compression(algorithm));

        for (int declared : new int[] {value.length - 1, value.length / 2, 1}) {
            byte[] lying = stored.clone();
            putInt(lying, 5, declared);
            resealHeader(lying);

            assertThatThrownBy(() -> CODEC.decode(lying))
                    .as("declared %d", declared)
                    .isInstanceOf(CorruptValueException.class)
                    .hasMessageContaining("does not decompress to the declared original length of " + declared)
                    .hasCauseInstanceOf(MalformedInputException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"LZ4", "ZSTD"})
    void decode_payloadShorterThanTheDeclaredLength_throwsCorruptValue(CompressionAlgorithm algorithm) {
        byte[] value = json(16 * 1024, 13);
        byte[] lying = CODEC.encode(value, compression(algorithm));
        putInt(lying, 5, value.length + 1);
        resealHeader(lying);

        assertThatThrownBy(() -> CODEC.decode(lying))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining(String.valueOf(value.length + 1));
    }

    @Test
    void decode_wrongOriginalChecksum_throwsCorruptValue() {
        byte[] value = json(4096, 14);
        byte[] stored = CODEC.encode(value, LZ4);
        putInt(stored, 9, crc32c(value) + 1);
        resealHeader(stored);

        assertThatThrownBy(() -> CODEC.decode(stored))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageContaining("fails its checksum")
                .hasMessageContaining(String.format("%08x", crc32c(value)));
    }

    @Test
    void decode_compressedValueDeclaringEmptyOriginal_throwsCorruptValue() {
        byte[] lz4 = stored(1, 1, 0, 0, new byte[] {0});
        byte[] zstd = stored(1, 2, 0, 0, random(40, 15));

        assertThatThrownBy(() -> CODEC.decode(lz4)).isInstanceOf(CorruptValueException.class);
        assertThatThrownBy(() -> CODEC.decode(zstd)).isInstanceOf(CorruptValueException.class);
        assertThat(CODEC.decode(stored(1, 0, 0, 0, new byte[0]))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 3, 255})
    void decode_unsupportedVersion_throwsCorruptValueNamingTheVersion(int version) {
        byte[] value = json(1000, 16);
        byte[] stored = CODEC.encode(value, LZ4);
        stored[3] = (byte) version;
        resealHeader(stored);

        assertThatThrownBy(() -> CODEC.decode(stored))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageStartingWith("unsupported Redis Guard value format version " + version + ": ")
                .hasMessageContaining("reads version 1");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 127, 128, 255})
    void decode_unknownAlgorithm_throwsCorruptValueNamingTheId(int algorithm) {
        byte[] value = json(1000, 17);
        byte[] stored = CODEC.encode(value, ZSTD);
        stored[4] = (byte) algorithm;
        resealHeader(stored);

        assertThatThrownBy(() -> CODEC.decode(stored))
                .isInstanceOf(CorruptValueException.class)
                .hasMessageStartingWith("unknown Redis Guard compression algorithm id " + algorithm + " ");
    }

    @Test
    void decode_corruptValueMessages_neverContainTheValue() {
        byte[] value = "SECRET-SECRET-SECRET-SECRET-SECRET-SECRET".getBytes(StandardCharsets.US_ASCII);
        byte[] escaped = CODEC.encode(withMagicPrefix(value), Compression.none());
        escaped[30] ^= 1;

        assertThatThrownBy(() -> CODEC.decode(escaped))
                .isInstanceOf(CorruptValueException.class)
                .message()
                .doesNotContain("SECRET");
    }

    @ParameterizedTest
    @EnumSource(names = {"LZ4", "ZSTD"})
    void decodeByteBuffer_heapDirectSlicedAndReadOnly_decodesWithoutMovingTheInput(CompressionAlgorithm algorithm) {
        byte[] value = json(20_000, 18);
        byte[] stored = CODEC.encode(value, compression(algorithm));
        List<ByteBuffer> buffers = new ArrayList<>();
        buffers.add(ByteBuffer.wrap(stored));
        buffers.add(ByteBuffer.allocateDirect(stored.length).put(stored).flip());
        buffers.add(ByteBuffer.wrap(stored).asReadOnlyBuffer());
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer larger =
                    direct ? ByteBuffer.allocateDirect(stored.length + 20) : ByteBuffer.allocate(stored.length + 20);
            larger.put(random(7, 19)).put(stored).put(random(13, 20));
            ByteBuffer slice = larger.position(7).limit(7 + stored.length).slice();
            buffers.add(slice);
            // not a slice: position 7 and limit before the trailing bytes, in the middle of a larger buffer
            buffers.add(larger.duplicate().limit(7 + stored.length).position(7));
        }

        for (ByteBuffer buffer : buffers) {
            int position = buffer.position();
            int limit = buffer.limit();
            assertThat(ValueCodec.isEncoded(buffer)).isTrue();

            ByteBuffer decoded = CODEC.decode(buffer);

            assertThat(buffer.position()).isEqualTo(position);
            assertThat(buffer.limit()).isEqualTo(limit);
            assertThat(decoded.position()).isZero();
            assertThat(decoded.remaining()).isEqualTo(value.length);
            byte[] bytes = new byte[decoded.remaining()];
            decoded.get(bytes);
            assertThat(bytes).isEqualTo(value);
        }
    }

    @Test
    void decodeByteBuffer_foreignAndCorrupt_behaveLikeArrays() {
        byte[] foreign = withMagicPrefix(random(100, 21));
        ByteBuffer direct = ByteBuffer.allocateDirect(113).put(new byte[10]).put(foreign);
        direct.position(10);

        assertThat(CODEC.decode(direct)).isSameAs(direct);
        assertThat(direct.position()).isEqualTo(10);

        byte[] corrupt = CODEC.encode(json(2000, 22), LZ4);
        corrupt[corrupt.length - 1] ^= 1;
        ByteBuffer corruptDirect =
                ByteBuffer.allocateDirect(corrupt.length).put(corrupt).flip();
        assertThatThrownBy(() -> CODEC.decode(corruptDirect)).isInstanceOf(CorruptValueException.class);
        assertThatThrownBy(() -> CODEC.decode(ByteBuffer.wrap(corrupt))).isInstanceOf(CorruptValueException.class);
        assertThat(corruptDirect.position()).isZero();
    }

    @Test
    void create_outOfRange_throwsWithSettingRuleAndValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ValueCodec.create(DataSize.ofBytes(0)))
                .withMessage("maxDecodedSize must be between 1B and 512MB, but was 0B");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ValueCodec.create(DataSize.ofBytes(512L * 1024 * 1024 + 1)))
                .withMessage("maxDecodedSize must be between 1B and 512MB, but was 536870913B");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ValueCodec.create(DataSize.ofMegabytes(1024)))
                .withMessage("maxDecodedSize must be between 1B and 512MB, but was 1GB");
    }

    @Test
    void create_bounds_areAccepted() {
        assertThat(ValueCodec.create(DataSize.ofBytes(1)).maxDecodedSize()).isEqualTo(DataSize.ofBytes(1));
        assertThat(ValueCodec.create(DataSize.ofMegabytes(512)).maxDecodedSize())
                .isEqualTo(DataSize.ofMegabytes(512));
        assertThat(ValueCodec.defaults().maxDecodedSize()).isEqualTo(DataSize.ofMegabytes(64));
        assertThat(ValueCodec.DEFAULT_MAX_DECODED_SIZE).isEqualTo(DataSize.ofMegabytes(64));
        assertThat(ValueCodec.create(DataSize.ofMegabytes(64))).hasToString("ValueCodec{maxDecodedSize=64MB}");
    }

    @Test
    void encode_valueLargerThanMaxDecodedSize_storedAsGivenOrRefusedWhenItStartsWithMagic() {
        ValueCodec small = ValueCodec.create(DataSize.ofKilobytes(1));
        byte[] plain = json(1025, 23);
        byte[] magic = withMagicPrefix(json(1022, 24));

        assertThat(small.encode(plain, LZ4)).isSameAs(plain);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> small.encode(magic, LZ4))
                .withMessage("maxDecodedSize must be at least the length of a value that starts with the Redis Guard"
                        + " magic bytes (1025 bytes), so that it can be escaped and read back, but was 1KB");
        byte[] fits = Arrays.copyOf(magic, 1024);
        assertThat(small.decode(small.encode(fits, Compression.none()))).isEqualTo(fits);
    }

    @Test
    void encodeAndDecode_fromManyThreads_roundTrip() throws Exception {
        int threads = 8;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                results.add(executor.submit(() -> {
                    start.await();
                    SplittableRandom random = new SplittableRandom(seed);
                    int checked = 0;
                    for (int i = 0; i < 300; i++) {
                        int size = random.nextInt(40_000);
                        byte[] value = random.nextInt(4) == 0 ? random(size, i) : json(size, i);
                        Compression compression = random.nextBoolean() ? LZ4 : ZSTD;
                        byte[] stored = CODEC.encode(value, compression);
                        byte[] decoded = random.nextBoolean()
                                ? CODEC.decode(stored)
                                : toArray(CODEC.decode(ByteBuffer.allocateDirect(stored.length)
                                        .put(stored)
                                        .flip()));
                        if (!Arrays.equals(decoded, value)) {
                            throw new AssertionError("round trip failed for " + size + " bytes with " + compression);
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(300);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
