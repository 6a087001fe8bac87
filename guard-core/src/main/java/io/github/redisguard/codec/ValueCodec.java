/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.codec;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.github.redisguard.CorruptValueException;
import io.github.redisguard.DataSize;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the stored form of values: compressed when that pays, otherwise as given, and always
 * readable back to the exact original bytes.
 *
 * <h2>Stored form</h2>
 *
 * A value written by this codec either is the original array itself, or starts with a 17-byte header:
 *
 * <pre>
 * offset  0..2   magic 0xFE 0x52 0x47 (0xFE never occurs in UTF-8 text, so text values never collide)
 * offset  3      format version, 1
 * offset  4      algorithm id: 0 = NONE (an escaped plain value), 1 = LZ4 raw block, 2 = Zstandard frame
 * offset  5..8   original (uncompressed) length, int32 big-endian, &gt;= 0
 * offset  9..12  CRC32C of the original bytes, big-endian
 * offset 13..16  CRC32C of bytes 0..12, big-endian (the header check)
 * offset 17..    payload: the original bytes (NONE), an LZ4 block or a Zstandard frame
 * </pre>
 *
 * <p>A value is <em>encoded</em> ({@link #isEncoded(byte[])}) when it is at least 17 bytes long, starts with the
 * magic and its header check matches. Anything else is a <em>foreign</em> value (written before the guard, or by
 * another client) and {@link #decode(byte[])} returns it unchanged; in particular a value shorter than 17 bytes
 * is always returned as given. A foreign value is mistaken for an encoded one only if it starts with the three
 * magic bytes <em>and</em> its bytes 13..16 happen to equal the CRC32C of its bytes 0..12: a chance of
 * 2<sup>-32</sup> for values that start with the magic, and none for UTF-8 text. (Values written through
 * {@link #encode(byte[], Compression)} never run this risk: those that start with the magic are escaped.) An
 * encoded value whose content is
 * damaged (unsupported version, unknown algorithm, a length above {@link #maxDecodedSize()}, a payload that does
 * not decompress to exactly the declared length, a checksum mismatch) raises {@link CorruptValueException}.
 *
 * <p>{@link #encode(byte[], Compression)} returns the very array it was given (same instance, so callers can
 * tell by identity) unless the value was compressed, or had to be escaped because it starts with the magic. The
 * full description, with examples, is in {@code docs/value-format.md}.
 *
 * <h2>Bounds</h2>
 *
 * Decoding allocates one array of the declared original length (and, for a direct or read-only buffer, one copy
 * of the stored bytes), and refuses a declared length above {@link #maxDecodedSize()} before allocating
 * anything: a few stored bytes cannot make the reader allocate gigabytes. An LZ4 payload is also refused at once
 * when it is too short to inflate to the declared length (LZ4 expands at most 255-fold). A codec therefore reads only values of up to its own {@code maxDecodedSize}, and does not compress
 * or escape values larger than that (it could not read them back).
 *
 * <p>Instances are immutable and thread-safe, and never block.
 */
public final class ValueCodec {

    /*
     * Design: the stateful aircompressor instances (Lz4Compressor keeps a 16 KB hash table, ZstdDecompressor about
     * 150 KB of tables and buffers) are reused through small lock-free pools shared by all codecs: a fixed array
     * of slots, taken and returned with one CAS each. A ThreadLocal would pin one instance per thread, which is
     * one per task with virtual threads (no reuse, and an allocation plus a ThreadLocalMap entry per call); a
     * ConcurrentLinkedQueue allocates a node on every return. The pool never blocks: when every slot is empty a
     * fresh instance is made, and one that finds no free slot on return is left to the garbage collector, so the
     * pool holds at most POOL_SLOTS (two per processor, 4 to 64) instances of each kind however bursty the load.
     * Compression and decompression never block, so the number of instances in use at once is bounded by the
     * number of carrier/platform threads, not by the number of virtual threads. The stateless Lz4Decompressor and
     * ZstdCompressor of aircompressor 2.0.3 are pooled too, so that an upgrade adding state cannot break thread
     * safety; the cost is two uncontended CAS per call.
     */

    /** The default bound on the size of a decoded value: 64 MB. */
    public static final DataSize DEFAULT_MAX_DECODED_SIZE = DataSize.ofMegabytes(64);

    private static final DataSize MIN_MAX_DECODED_SIZE = DataSize.ofBytes(1);

    private static final DataSize MAX_MAX_DECODED_SIZE = DataSize.ofMegabytes(512);

    private static final int HEADER_LENGTH = 17;

    private static final byte MAGIC_0 = (byte) 0xFE;

    private static final byte MAGIC_1 = 0x52;

    private static final byte MAGIC_2 = 0x47;

    private static final int VERSION = 1;

    private static final int ALGORITHM_NONE = 0;

    private static final int ALGORITHM_LZ4 = 1;

    private static final int ALGORITHM_ZSTD = 2;

    /** Offset of the header check, and length of the bytes it covers. */
    private static final int HEADER_CHECKED_LENGTH = 13;

    /** An LZ4 block cannot inflate more than 255-fold: every output byte beyond that costs an input byte. */
    private static final int LZ4_MAX_RATIO = 255;

    private static final int POOL_SLOTS =
            Math.min(64, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private static final Pool<Compressor> LZ4_COMPRESSORS = new Pool<>(Lz4Compressor::new);

    private static final Pool<Decompressor> LZ4_DECOMPRESSORS = new Pool<>(Lz4Decompressor::new);

    private static final Pool<Compressor> ZSTD_COMPRESSORS = new Pool<>(ZstdCompressor::new);

    private static final Pool<Decompressor> ZSTD_DECOMPRESSORS = new Pool<>(ZstdDecompressor::new);

    private static final ValueCodec DEFAULTS = new ValueCodec(DEFAULT_MAX_DECODED_SIZE);

    private final DataSize maxDecodedSize;

    private final int maxDecodedBytes;

    private ValueCodec(DataSize maxDecodedSize) {
        this.maxDecodedSize = maxDecodedSize;
        this.maxDecodedBytes = Math.toIntExact(maxDecodedSize.toBytes());
    }

    /** Returns a codec that decodes values of up to {@link #DEFAULT_MAX_DECODED_SIZE}. */
    public static ValueCodec defaults() {
        return DEFAULTS;
    }

    /**
     * Returns a codec that decodes values of up to {@code maxDecodedSize}, and neither compresses nor escapes
     * larger ones.
     *
     * @param maxDecodedSize the largest original length a stored value may declare
     * @throws IllegalArgumentException if {@code maxDecodedSize} is below 1 byte or above 512 MB
     */
    public static ValueCodec create(DataSize maxDecodedSize) {
        Objects.requireNonNull(maxDecodedSize, "maxDecodedSize");
        if (maxDecodedSize.compareTo(MIN_MAX_DECODED_SIZE) < 0 || maxDecodedSize.compareTo(MAX_MAX_DECODED_SIZE) > 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "maxDecodedSize must be between %s and %s, but was %s",
                    MIN_MAX_DECODED_SIZE,
                    MAX_MAX_DECODED_SIZE,
                    maxDecodedSize));
        }
        return maxDecodedSize.equals(DEFAULT_MAX_DECODED_SIZE) ? DEFAULTS : new ValueCodec(maxDecodedSize);
    }

    /** Returns the largest original length a stored value may declare for this codec to decode it. */
    public DataSize maxDecodedSize() {
        return maxDecodedSize;
    }

    /** Returns the length of the header of an encoded value: 17 bytes. */
    public static int headerLength() {
        return HEADER_LENGTH;
    }

    /**
     * Returns the stored form of {@code value}.
     *
     * <p>When {@code compression} applies to the value's length and compressing makes it smaller (header
     * included), the compressed form is returned. Otherwise a value that starts with the magic bytes is returned
     * escaped (header with algorithm NONE, then the value), so that it reads back as itself; any other value is
     * returned as given: the <em>same instance</em>, which callers may test by identity. An empty value, and a
     * value longer than {@link #maxDecodedSize()} that does not start with the magic, are always returned as
     * given. The argument is never modified.
     *
     * @param value the bytes to store
     * @param compression when and how to compress
     * @return {@code value} itself, or a new array holding its encoded form
     * @throws IllegalArgumentException if the value is longer than {@link #maxDecodedSize()} and starts with the
     *     magic bytes, so that it can be neither stored as given nor escaped
     */
    public byte[] encode(byte[] value, Compression compression) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(compression, "compression");
        int length = value.length;
        if (length == 0) {
            return value;
        }
        boolean startsWithMagic = startsWithMagic(value, 0, length);
        if (length > maxDecodedBytes) {
            if (startsWithMagic) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "maxDecodedSize must be at least the length of a value that starts with the Redis Guard"
                                + " magic bytes (%d bytes), so that it can be escaped and read back, but was %s",
                        length,
                        maxDecodedSize));
            }
            return value;
        }
        if (compression.appliesTo(length)) {
            byte[] compressed = compress(value, compression.algorithm());
            if (compressed != null) {
                return compressed;
            }
        }
        if (startsWithMagic) {
            byte[] escaped = new byte[HEADER_LENGTH + length];
            System.arraycopy(value, 0, escaped, HEADER_LENGTH, length);
            writeHeader(escaped, ALGORITHM_NONE, length, crc32c(value, 0, length));
            return escaped;
        }
        return value;
    }

    /** Returns the encoded form, or null when it would not be smaller than the value. */
    private static byte @Nullable [] compress(byte[] value, CompressionAlgorithm algorithm) {
        int algorithmId;
        Pool<Compressor> pool;
        switch (algorithm) {
            case LZ4:
                algorithmId = ALGORITHM_LZ4;
                pool = LZ4_COMPRESSORS;
                break;
            case ZSTD:
                algorithmId = ALGORITHM_ZSTD;
                pool = ZSTD_COMPRESSORS;
                break;
            default:
                return null;
        }
        int length = value.length;
        Compressor compressor = pool.take();
        byte[] out;
        int compressedLength;
        try {
            out = new byte[HEADER_LENGTH + compressor.maxCompressedLength(length)];
            compressedLength = compressor.compress(value, 0, length, out, HEADER_LENGTH, out.length - HEADER_LENGTH);
        } finally {
            pool.give(compressor);
        }
        int storedLength = HEADER_LENGTH + compressedLength;
        if (storedLength >= length) {
            return null;
        }
        writeHeader(out, algorithmId, length, crc32c(value, 0, length));
        return Arrays.copyOf(out, storedLength);
    }

    /**
     * Returns the original bytes of a stored value.
     *
     * <p>A value that is not {@linkplain #isEncoded(byte[]) encoded} (shorter than the header, without the magic,
     * or with a header check that does not match) is returned as given: the same instance. An encoded value is
     * decoded into a new array of exactly its original length.
     *
     * @param stored the bytes read from Redis
     * @return {@code stored} itself, or a new array holding the original bytes
     * @throws CorruptValueException if the value is encoded but cannot be restored: unsupported format version,
     *     unknown algorithm, declared length negative or above {@link #maxDecodedSize()}, payload that does not
     *     decompress to exactly the declared length, or checksum mismatch
     */
    public byte[] decode(byte[] stored) {
        Objects.requireNonNull(stored, "stored");
        if (!isEncoded(stored)) {
            return stored;
        }
        return decodeEncoded(stored, 0, stored.length);
    }

    /**
     * Returns the original bytes of the stored value between {@code stored}'s position and limit, as
     * {@link #decode(byte[])} does. Works on heap, direct, read-only and sliced buffers, and never moves
     * {@code stored}'s position, limit or mark.
     *
     * @param stored the bytes read from Redis
     * @return {@code stored} itself when the value is not encoded, else a new heap buffer holding the original
     *     bytes, positioned at zero
     * @throws CorruptValueException if the value is encoded but cannot be restored (see {@link #decode(byte[])})
     */
    public ByteBuffer decode(ByteBuffer stored) {
        Objects.requireNonNull(stored, "stored");
        if (!isEncoded(stored)) {
            return stored;
        }
        int position = stored.position();
        int length = stored.remaining();
        if (stored.hasArray()) {
            return ByteBuffer.wrap(decodeEncoded(stored.array(), stored.arrayOffset() + position, length));
        }
        // Direct or read-only: aircompressor reads heap arrays, so copy the (compressed) stored bytes once.
        byte[] copy = new byte[length];
        stored.get(position, copy);
        return ByteBuffer.wrap(decodeEncoded(copy, 0, length));
    }

    /**
     * Returns whether {@code stored} carries a valid Redis Guard header: at least 17 bytes, the magic bytes, and
     * a matching header check. A value for which this returns false is returned unchanged by {@code decode}.
     */
    public static boolean isEncoded(byte[] stored) {
        return isEncoded(stored, 0, stored.length);
    }

    /**
     * Returns whether the bytes between {@code stored}'s position and limit carry a valid Redis Guard header, as
     * {@link #isEncoded(byte[])} does. Does not move the buffer's position.
     */
    public static boolean isEncoded(ByteBuffer stored) {
        int position = stored.position();
        if (stored.remaining() < HEADER_LENGTH
                || stored.get(position) != MAGIC_0
                || stored.get(position + 1) != MAGIC_1
                || stored.get(position + 2) != MAGIC_2) {
            return false;
        }
        if (stored.hasArray()) {
            return isEncoded(stored.array(), stored.arrayOffset() + position, HEADER_LENGTH);
        }
        byte[] header = new byte[HEADER_LENGTH];
        stored.get(position, header);
        return isEncoded(header, 0, HEADER_LENGTH);
    }

    private static boolean isEncoded(byte[] data, int offset, int length) {
        return length >= HEADER_LENGTH
                && startsWithMagic(data, offset, length)
                && crc32c(data, offset, HEADER_CHECKED_LENGTH) == readInt(data, offset + HEADER_CHECKED_LENGTH);
    }

    /** Decodes a value whose header check has passed. */
    private byte[] decodeEncoded(byte[] data, int offset, int length) {
        int version = data[offset + 3] & 0xFF;
        if (version != VERSION) {
            throw new CorruptValueException(String.format(
                    Locale.ROOT,
                    "unsupported Redis Guard value format version %d: this library reads version %d; the value was"
                            + " written by a newer Redis Guard, or is damaged",
                    version,
                    VERSION));
        }
        int algorithm = data[offset + 4] & 0xFF;
        if (algorithm != ALGORITHM_NONE && algorithm != ALGORITHM_LZ4 && algorithm != ALGORITHM_ZSTD) {
            throw new CorruptValueException(String.format(
                    Locale.ROOT,
                    "unknown Redis Guard compression algorithm id %d (known: 0 = none, 1 = LZ4, 2 = Zstandard)",
                    algorithm));
        }
        int originalLength = readInt(data, offset + 5);
        if (originalLength < 0) {
            throw new CorruptValueException(String.format(
                    Locale.ROOT, "Redis Guard value declares a negative original length (%d)", originalLength));
        }
        if (originalLength > maxDecodedBytes) {
            throw new CorruptValueException(String.format(
                    Locale.ROOT,
                    "Redis Guard value declares an original length of %d bytes, above maxDecodedSize %s; it was"
                            + " written with a larger maxDecodedSize, or is damaged",
                    originalLength,
                    maxDecodedSize));
        }
        int expectedCrc = readInt(data, offset + 9);
        int payloadOffset = offset + HEADER_LENGTH;
        int payloadLength = length - HEADER_LENGTH;
        byte[] original;
        if (algorithm == ALGORITHM_NONE) {
            if (payloadLength != originalLength) {
                throw new CorruptValueException(String.format(
                        Locale.ROOT,
                        "escaped Redis Guard value holds %d bytes, but its header declares %d",
                        payloadLength,
                        originalLength));
            }
            original = Arrays.copyOfRange(data, payloadOffset, payloadOffset + payloadLength);
        } else {
            original = decompress(algorithm, data, payloadOffset, payloadLength, originalLength);
        }
        int actualCrc = crc32c(original, 0, original.length);
        if (actualCrc != expectedCrc) {
            throw new CorruptValueException(String.format(
                    Locale.ROOT,
                    "Redis Guard value fails its checksum: CRC32C of the %d decoded bytes is %08x, the header"
                            + " declares %08x",
                    original.length,
                    actualCrc,
                    expectedCrc));
        }
        return original;
    }

    private static byte[] decompress(
            int algorithm, byte[] data, int payloadOffset, int payloadLength, int originalLength) {
        String name = algorithm == ALGORITHM_LZ4 ? "LZ4" : "Zstandard";
        if (originalLength == 0) {
            // encode never compresses an empty value, and a decompressor asked for zero bytes may not read at all
            throw new CorruptValueException(name + " compressed Redis Guard value declares an original length of 0");
        }
        if (algorithm == ALGORITHM_LZ4 && (long) payloadLength * LZ4_MAX_RATIO < originalLength) {
            // cheap refusal before allocating: this payload cannot inflate that far
            throw new CorruptValueException(String.format(
                    Locale.ROOT,
                    "LZ4 payload of %d bytes cannot inflate to the declared original length of %d bytes",
                    payloadLength,
                    originalLength));
        }
        Pool<Decompressor> pool = algorithm == ALGORITHM_LZ4 ? LZ4_DECOMPRESSORS : ZSTD_DECOMPRESSORS;
        byte[] original = new byte[originalLength];
        int decompressedLength;
        Decompressor decompressor = pool.take();
        try {
            decompressedLength =
                    decompressor.decompress(data, payloadOffset, payloadLength, original, 0, originalLength);
        } catch (RuntimeException e) {
            // MalformedInputException, or anything a hostile payload provokes (bounds, arithmetic): never leak it
            throw new CorruptValueException(
                    String.format(
                            Locale.ROOT,
                            "%s payload of %d bytes does not decompress to the declared original length of %d bytes",
                            name,
                            payloadLength,
                            originalLength),
                    e);
        } finally {
            // aircompressor decompressors reset their state at the start of every call, so a failed one is reusable
            pool.give(decompressor);
        }
        if (decompressedLength != originalLength) {
            throw new CorruptValueException(String.format(
                    Locale.ROOT,
                    "%s payload of %d bytes decompresses to %d bytes, but its header declares %d",
                    name,
                    payloadLength,
                    decompressedLength,
                    originalLength));
        }
        return original;
    }

    private static boolean startsWithMagic(byte[] data, int offset, int length) {
        return length >= 3 && data[offset] == MAGIC_0 && data[offset + 1] == MAGIC_1 && data[offset + 2] == MAGIC_2;
    }

    private static void writeHeader(byte[] out, int algorithm, int originalLength, int originalCrc) {
        out[0] = MAGIC_0;
        out[1] = MAGIC_1;
        out[2] = MAGIC_2;
        out[3] = VERSION;
        out[4] = (byte) algorithm;
        writeInt(out, 5, originalLength);
        writeInt(out, 9, originalCrc);
        writeInt(out, HEADER_CHECKED_LENGTH, crc32c(out, 0, HEADER_CHECKED_LENGTH));
    }

    private static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    private static int readInt(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 24
                | (data[offset + 1] & 0xFF) << 16
                | (data[offset + 2] & 0xFF) << 8
                | (data[offset + 3] & 0xFF);
    }

    private static void writeInt(byte[] data, int offset, int value) {
        data[offset] = (byte) (value >>> 24);
        data[offset + 1] = (byte) (value >>> 16);
        data[offset + 2] = (byte) (value >>> 8);
        data[offset + 3] = (byte) value;
    }

    @Override
    public String toString() {
        return "ValueCodec{maxDecodedSize=" + maxDecodedSize + "}";
    }

    /**
     * A bounded, lock-free, never-blocking pool of non-thread-safe instances (see the design note above). Each
     * thread starts probing at a slot derived from its identity hash, so uncontended threads tend to get back the
     * instance they used last, with warm caches.
     */
    private static final class Pool<T> {

        private final AtomicReferenceArray<@Nullable T> slots = new AtomicReferenceArray<>(POOL_SLOTS);

        private final Supplier<T> factory;

        Pool(Supplier<T> factory) {
            this.factory = factory;
        }

        T take() {
            int start = start();
            for (int i = 0; i < POOL_SLOTS; i++) {
                int slot = (start + i) % POOL_SLOTS;
                if (slots.get(slot) != null) {
                    T instance = slots.getAndSet(slot, null);
                    if (instance != null) {
                        return instance;
                    }
                }
            }
            return factory.get();
        }

        void give(T instance) {
            int start = start();
            for (int i = 0; i < POOL_SLOTS; i++) {
                int slot = (start + i) % POOL_SLOTS;
                if (slots.get(slot) == null && slots.compareAndSet(slot, null, instance)) {
                    return;
                }
            }
        }

        private static int start() {
            return (System.identityHashCode(Thread.currentThread()) & Integer.MAX_VALUE) % POOL_SLOTS;
        }
    }
}
