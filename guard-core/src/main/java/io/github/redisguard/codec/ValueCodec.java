/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.codec;

import io.github.redisguard.DataSize;
import java.nio.ByteBuffer;

/** TEMPORARY STUB until the real codec lands. */
public final class ValueCodec {
    public static final DataSize DEFAULT_MAX_DECODED_SIZE = DataSize.ofMegabytes(64);

    private final DataSize max;

    private ValueCodec(DataSize max) {
        this.max = max;
    }

    public static ValueCodec defaults() {
        return new ValueCodec(DEFAULT_MAX_DECODED_SIZE);
    }

    public static ValueCodec create(DataSize maxDecodedSize) {
        return new ValueCodec(maxDecodedSize);
    }

    public DataSize maxDecodedSize() {
        return max;
    }

    public byte[] encode(byte[] value, Compression compression) {
        return value;
    }

    public byte[] decode(byte[] stored) {
        return stored;
    }

    public ByteBuffer decode(ByteBuffer stored) {
        return stored;
    }

    public static boolean isEncoded(byte[] stored) {
        return false;
    }

    public static boolean isEncoded(ByteBuffer stored) {
        return false;
    }

    public static int headerLength() {
        return 17;
    }
}
