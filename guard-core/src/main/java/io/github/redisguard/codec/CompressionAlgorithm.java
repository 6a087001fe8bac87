/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.codec;

/** The compression algorithms a {@link Compression} can use. */
public enum CompressionAlgorithm {
    /** No compression: values are stored as given. */
    NONE,
    /** LZ4 block format: fast, moderate ratio. The default choice for hot values. */
    LZ4,
    /** Zstandard frame format (level 3): denser, slower than LZ4. For large, cold values. */
    ZSTD
}
