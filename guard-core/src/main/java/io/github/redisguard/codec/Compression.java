/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.codec;

import io.github.redisguard.DataSize;
import java.util.Locale;
import java.util.Objects;

/**
 * How values are compressed: an algorithm and the size from which a value is compressed.
 *
 * <p>A value shorter than the threshold is stored as given. A value at or above it is compressed, and stored
 * compressed only when that makes it smaller. Immutable and thread-safe.
 */
public final class Compression {

    /** The smallest threshold accepted: below it the header would outweigh any saving. */
    public static final DataSize MIN_THRESHOLD = DataSize.ofBytes(32);

    /** The largest threshold accepted: Redis strings cannot be longer. */
    public static final DataSize MAX_THRESHOLD = DataSize.ofMegabytes(512);

    private static final Compression NONE = new Compression(CompressionAlgorithm.NONE, MAX_THRESHOLD);

    private final CompressionAlgorithm algorithm;

    private final DataSize threshold;

    private Compression(CompressionAlgorithm algorithm, DataSize threshold) {
        this.algorithm = algorithm;
        this.threshold = threshold;
    }

    /** Returns the setting that never compresses. */
    public static Compression none() {
        return NONE;
    }

    /**
     * Returns LZ4 compression for values of at least {@code threshold}.
     *
     * @throws IllegalArgumentException if the threshold is outside [{@link #MIN_THRESHOLD}, {@link #MAX_THRESHOLD}]
     */
    public static Compression lz4(DataSize threshold) {
        return of(CompressionAlgorithm.LZ4, threshold);
    }

    /**
     * Returns Zstandard compression for values of at least {@code threshold}.
     *
     * @throws IllegalArgumentException if the threshold is outside [{@link #MIN_THRESHOLD}, {@link #MAX_THRESHOLD}]
     */
    public static Compression zstd(DataSize threshold) {
        return of(CompressionAlgorithm.ZSTD, threshold);
    }

    /**
     * Returns compression with {@code algorithm} for values of at least {@code threshold}; {@code NONE} ignores the
     * threshold and returns {@link #none()}.
     *
     * @throws IllegalArgumentException if the threshold is outside [{@link #MIN_THRESHOLD}, {@link #MAX_THRESHOLD}]
     */
    public static Compression of(CompressionAlgorithm algorithm, DataSize threshold) {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(threshold, "threshold");
        if (algorithm == CompressionAlgorithm.NONE) {
            return NONE;
        }
        if (threshold.compareTo(MIN_THRESHOLD) < 0 || threshold.compareTo(MAX_THRESHOLD) > 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "compression.threshold must be between %s and %s, but was %s",
                    MIN_THRESHOLD,
                    MAX_THRESHOLD,
                    threshold));
        }
        return new Compression(algorithm, threshold);
    }

    /** Returns the algorithm; {@link CompressionAlgorithm#NONE} when values are never compressed. */
    public CompressionAlgorithm algorithm() {
        return algorithm;
    }

    /** Returns the size from which values are compressed (meaningless for {@link #none()}). */
    public DataSize threshold() {
        return threshold;
    }

    /** Returns whether this setting compresses at all. */
    public boolean enabled() {
        return algorithm != CompressionAlgorithm.NONE;
    }

    /** Returns whether a value of {@code length} bytes is to be compressed. */
    public boolean appliesTo(int length) {
        return enabled() && length >= threshold.toBytes();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Compression
                && ((Compression) other).algorithm == algorithm
                && ((Compression) other).threshold.equals(threshold);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, threshold);
    }

    @Override
    public String toString() {
        return enabled() ? algorithm.name().toLowerCase(Locale.ROOT) + "(>=" + threshold + ")" : "none";
    }
}
