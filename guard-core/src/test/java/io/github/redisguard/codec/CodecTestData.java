/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** Payloads and hand-built stored values shared by the codec tests. */
final class CodecTestData {

    static final byte[] MAGIC = {(byte) 0xFE, 0x52, 0x47};

    /** The kinds of payload the tests generate. */
    enum Kind {
        /** Uniformly random bytes: incompressible. */
        RANDOM,
        /** JSON documents with varying field values, as a cache or session store holds. */
        JSON,
        /** Long runs of one byte: compresses extremely well. */
        RUNS,
        /** Bytes from a 4-letter alphabet: compressible by entropy coding, few long matches. */
        LOW_ENTROPY
    }

    private CodecTestData() {}

    static byte[] generate(Kind kind, int size, long seed) {
        switch (kind) {
            case RANDOM:
                return random(size, seed);
            case JSON:
                return json(size, seed);
            case RUNS:
                return runs(size, seed);
            case LOW_ENTROPY:
                return lowEntropy(size, seed);
            default:
                throw new AssertionError(kind);
        }
    }

    static byte[] random(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i += 8) {
            long bits = random.nextLong();
            for (int j = i; j < Math.min(size, i + 8); j++) {
                bytes[j] = (byte) bits;
                bits >>>= 8;
            }
        }
        return bytes;
    }

    static byte[] json(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] cities = {"Lisbon", "Oslo", "Nairobi", "Lima", "Osaka", "Tbilisi", "Quito", "Perth"};
        StringBuilder text = new StringBuilder(size + 256).append('[');
        while (text.length() < size) {
            int id = random.nextInt(1_000_000);
            text.append("{\"id\":")
                    .append(id)
                    .append(",\"name\":\"user-")
                    .append(Integer.toHexString(random.nextInt()))
                    .append("\",\"email\":\"u")
                    .append(id)
                    .append("@example.org\",\"city\":\"")
                    .append(cities[random.nextInt(cities.length)])
                    .append("\",\"active\":")
                    .append(random.nextBoolean())
                    .append(",\"score\":")
                    .append(random.nextInt(10_000) / 100.0)
                    .append(",\"tags\":[\"cache\",\"session\",\"v")
                    .append(random.nextInt(5))
                    .append("\"],\"updatedAt\":\"2026-0")
                    .append(1 + random.nextInt(9))
                    .append("-1")
                    .append(random.nextInt(10))
                    .append("T12:")
                    .append(10 + random.nextInt(50))
                    .append(":00Z\"},");
        }
        return Arrays.copyOf(text.toString().getBytes(StandardCharsets.US_ASCII), size);
    }

    static byte[] runs(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[size];
        int i = 0;
        while (i < size) {
            int run = Math.min(size - i, 1 + random.nextInt(5000));
            Arrays.fill(bytes, i, i + run, (byte) random.nextInt(256));
            i += run;
        }
        return bytes;
    }

    static byte[] lowEntropy(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) "ACGT".charAt(random.nextInt(4));
        }
        return bytes;
    }

    static byte[] withMagicPrefix(byte[] bytes) {
        byte[] result = new byte[MAGIC.length + bytes.length];
        System.arraycopy(MAGIC, 0, result, 0, MAGIC.length);
        System.arraycopy(bytes, 0, result, MAGIC.length, bytes.length);
        return result;
    }

    static boolean startsWithMagic(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == MAGIC[0] && bytes[1] == MAGIC[1] && bytes[2] == MAGIC[2];
    }

    static int crc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }

    static int crc32c(byte[] bytes) {
        return crc32c(bytes, 0, bytes.length);
    }

    /**
     * Builds a stored value by hand: a header with the given fields and a correct header check (so that it is
     * taken for an encoded value), followed by {@code payload}.
     */
    static byte[] stored(int version, int algorithm, int originalLength, int originalCrc, byte[] payload) {
        byte[] stored = new byte[17 + payload.length];
        System.arraycopy(MAGIC, 0, stored, 0, 3);
        stored[3] = (byte) version;
        stored[4] = (byte) algorithm;
        putInt(stored, 5, originalLength);
        putInt(stored, 9, originalCrc);
        System.arraycopy(payload, 0, stored, 17, payload.length);
        resealHeader(stored);
        return stored;
    }

    /** Recomputes the header check after a test changed header bytes 0..12. */
    static void resealHeader(byte[] stored) {
        putInt(stored, 13, crc32c(stored, 0, 13));
    }

    static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 24);
        bytes[offset + 1] = (byte) (value >>> 16);
        bytes[offset + 2] = (byte) (value >>> 8);
        bytes[offset + 3] = (byte) value;
    }

    static int getInt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24
                | (bytes[offset + 1] & 0xFF) << 16
                | (bytes[offset + 2] & 0xFF) << 8
                | (bytes[offset + 3] & 0xFF);
    }
}
