/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.local;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The local tier: a near cache in the application's memory for keys under configured prefixes, so that reads of hot
 * keys are answered without a round trip, and never wrong for longer than allowed.
 *
 * <p>An entry lives until the earliest of: its key's Redis TTL ends, {@link #maxStaleness()} passes, this client
 * writes or deletes the key, or the server reports (through {@code CLIENT TRACKING ... BCAST PREFIX}) that another
 * client changed it. Where the server cannot track, only the first two apply, and the guard logs a warning. See the
 * project's docs/local-tier.md for the guarantee and its bound.
 *
 * {@snippet :
 * LocalTierConfig local = LocalTierConfig.builder()
 *         .enabled(true)
 *         .patterns(List.of("product:*", "catalog:*"))
 *         .maximumWeight(DataSize.ofMegabytes(64))
 *         .maxStaleness(Duration.ofSeconds(30))
 *         .build();
 * }
 *
 * <p>Immutable and thread-safe. Single bad arguments fail at once with {@link IllegalArgumentException}; settings
 * that conflict fail in {@link Builder#build()} with {@link GuardConfigurationException}. Messages read
 * {@code <setting> must <rule>, but was <value>}.
 */
public final class LocalTierConfig {

    /** Default of {@link Builder#enabled(boolean)}: off. */
    public static final boolean DEFAULT_ENABLED = false;

    /** Default of {@link Builder#maximumEntries(Long)}: 10,000 entries. */
    public static final long DEFAULT_MAXIMUM_ENTRIES = 10_000;

    /** Default of {@link Builder#maxStaleness(Duration)}: 30 seconds. */
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(30);

    /** Default of {@link Builder#staleIfError(Duration)}: zero, off. */
    public static final Duration DEFAULT_STALE_IF_ERROR = Duration.ZERO;

    private static final LocalTierConfig DEFAULTS = new Builder().build();

    private final boolean enabled;

    private final List<String> patterns;

    private final @Nullable Long maximumEntries;

    private final @Nullable DataSize maximumWeight;

    private final Duration maxStaleness;

    private final Duration staleIfError;

    private LocalTierConfig(Builder b) {
        this.enabled = b.enabled;
        this.patterns = List.copyOf(b.patterns);
        this.maximumEntries = b.maximumEntries;
        this.maximumWeight = b.maximumWeight;
        this.maxStaleness = b.maxStaleness;
        this.staleIfError = b.staleIfError;
    }

    /** Returns the defaults: the tier off, no patterns. */
    public static LocalTierConfig defaults() {
        return DEFAULTS;
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these settings; {@code toBuilder().build()} equals this. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.patterns.addAll(patterns);
        b.maximumEntries = maximumEntries;
        b.maximumWeight = maximumWeight;
        b.maxStaleness = maxStaleness;
        b.staleIfError = staleIfError;
        return b;
    }

    /** Returns whether the tier caches anything. */
    public boolean enabled() {
        return enabled;
    }

    /** Returns the key patterns whose keys the tier caches, each a literal prefix followed by {@code *}. */
    public List<String> patterns() {
        return patterns;
    }

    /** Returns the literal prefixes of {@link #patterns()}, in order ({@code product:*} gives {@code product:}). */
    public List<String> prefixes() {
        List<String> prefixes = new ArrayList<>(patterns.size());
        for (String pattern : patterns) {
            prefixes.add(pattern.substring(0, pattern.length() - 1));
        }
        return prefixes;
    }

    /** Returns the most entries the tier holds; empty for no bound on the count. */
    public OptionalLong maximumEntries() {
        return maximumEntries == null ? OptionalLong.empty() : OptionalLong.of(maximumEntries);
    }

    /** Returns the most bytes (keys, fields and values) the tier holds; empty for no bound on bytes. */
    public Optional<DataSize> maximumWeight() {
        return Optional.ofNullable(maximumWeight);
    }

    /** Returns the longest an entry is served after it was read from Redis. */
    public Duration maxStaleness() {
        return maxStaleness;
    }

    /** Returns how long past its end an entry may still be served while Redis cannot be reached; zero for never. */
    public Duration staleIfError() {
        return staleIfError;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof LocalTierConfig)) {
            return false;
        }
        LocalTierConfig that = (LocalTierConfig) other;
        return enabled == that.enabled
                && patterns.equals(that.patterns)
                && Objects.equals(maximumEntries, that.maximumEntries)
                && Objects.equals(maximumWeight, that.maximumWeight)
                && maxStaleness.equals(that.maxStaleness)
                && staleIfError.equals(that.staleIfError);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, patterns, maximumEntries, maximumWeight, maxStaleness, staleIfError);
    }

    @Override
    public String toString() {
        return "LocalTierConfig{enabled=" + enabled + ", patterns=" + patterns + ", maximumEntries=" + maximumEntries
                + ", maximumWeight=" + maximumWeight + ", maxStaleness=" + maxStaleness + ", staleIfError="
                + staleIfError + '}';
    }

    /** Builds a {@link LocalTierConfig}. Setters check their argument at once; {@link #build()} checks the whole. */
    public static final class Builder {

        private boolean enabled = DEFAULT_ENABLED;

        private final List<String> patterns = new ArrayList<>();

        private @Nullable Long maximumEntries = DEFAULT_MAXIMUM_ENTRIES;

        private @Nullable DataSize maximumWeight;

        private Duration maxStaleness = DEFAULT_MAX_STALENESS;

        private Duration staleIfError = DEFAULT_STALE_IF_ERROR;

        private Builder() {}

        /** Turns the tier on or off (default off). */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * Adds a pattern: a literal prefix followed by {@code *}, such as {@code product:*}, or {@code *} alone for
         * every key. Only prefixes are allowed because the server tracks prefixes ({@code CLIENT TRACKING BCAST}).
         *
         * @throws IllegalArgumentException if the pattern is not a literal prefix followed by {@code *}
         */
        public Builder pattern(String pattern) {
            Objects.requireNonNull(pattern, "pattern");
            checkPattern(patterns.size(), pattern);
            patterns.add(pattern);
            return this;
        }

        /**
         * Replaces the patterns; see {@link #pattern(String)}.
         *
         * @throws IllegalArgumentException if a pattern is not a literal prefix followed by {@code *}
         */
        public Builder patterns(List<String> patterns) {
            Objects.requireNonNull(patterns, "patterns");
            for (int i = 0; i < patterns.size(); i++) {
                checkPattern(i, Objects.requireNonNull(patterns.get(i), "pattern"));
            }
            this.patterns.clear();
            this.patterns.addAll(patterns);
            return this;
        }

        private static void checkPattern(int index, String pattern) {
            boolean prefix = pattern.endsWith("*");
            for (int i = 0; prefix && i < pattern.length() - 1; i++) {
                char c = pattern.charAt(i);
                prefix = c != '*' && c != '?' && c != '[' && c != '\\';
            }
            if (!prefix) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "local.patterns[%d] must be a literal prefix followed by '*' (such as 'product:*'), because"
                                + " the server tracks prefixes, but was '%s'",
                        index,
                        pattern));
            }
        }

        /**
         * Bounds the number of entries (default {@value #DEFAULT_MAXIMUM_ENTRIES}); {@code null} for no bound on the
         * count (then {@link #maximumWeight(DataSize)} must be set).
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder maximumEntries(@Nullable Long maximumEntries) {
            if (maximumEntries != null && maximumEntries < 1) {
                throw new IllegalArgumentException(
                        "local.maximumEntries must be at least 1, but was " + maximumEntries);
            }
            this.maximumEntries = maximumEntries;
            return this;
        }

        /**
         * Bounds the bytes held: each entry weighs its key, fields and values as stored in the tier (decompressed);
         * {@code null} for no bound on bytes (the default). With both bounds set, both hold.
         *
         * @throws IllegalArgumentException if below 1 KB
         */
        public Builder maximumWeight(@Nullable DataSize maximumWeight) {
            if (maximumWeight != null && maximumWeight.toBytes() < 1024) {
                throw new IllegalArgumentException(
                        "local.maximumWeight must be at least 1KB, but was " + maximumWeight);
            }
            this.maximumWeight = maximumWeight;
            return this;
        }

        /**
         * Sets the longest an entry is served after it was read from Redis (default 30 s), whatever its TTL. This is
         * the staleness bound where the server cannot report changes.
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder maxStaleness(Duration maxStaleness) {
            Objects.requireNonNull(maxStaleness, "maxStaleness");
            if (maxStaleness.toMillis() < 1) {
                throw new IllegalArgumentException("local.maxStaleness must be at least 1ms, but was " + maxStaleness);
            }
            this.maxStaleness = maxStaleness;
            return this;
        }

        /**
         * Lets a read serve an entry up to this long past its end while Redis cannot be reached (default zero: never).
         * Entries this client or the server invalidated are never served; each such read is counted.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder staleIfError(Duration staleIfError) {
            Objects.requireNonNull(staleIfError, "staleIfError");
            if (staleIfError.isNegative()) {
                throw new IllegalArgumentException("local.staleIfError must not be negative, but was " + staleIfError);
            }
            this.staleIfError = staleIfError;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws GuardConfigurationException if the tier is enabled without patterns, two patterns overlap (one
         *     prefix starts the other: the server refuses such prefixes), or neither bound is set
         */
        public LocalTierConfig build() {
            if (enabled && patterns.isEmpty()) {
                throw new GuardConfigurationException(
                        "local.patterns", "local.patterns must not be empty while the tier is enabled, but was []");
            }
            for (int i = 0; i < patterns.size(); i++) {
                String a = patterns.get(i);
                for (int j = i + 1; j < patterns.size(); j++) {
                    String b = patterns.get(j);
                    String pa = a.substring(0, a.length() - 1);
                    String pb = b.substring(0, b.length() - 1);
                    if (pa.startsWith(pb) || pb.startsWith(pa)) {
                        throw new GuardConfigurationException(
                                "local.patterns",
                                String.format(
                                        Locale.ROOT,
                                        "local.patterns must not overlap (the server tracks each prefix once), but"
                                                + " '%s' overlaps '%s'",
                                        b,
                                        a));
                    }
                }
            }
            if (maximumEntries == null && maximumWeight == null) {
                throw new GuardConfigurationException(
                        "local.maximumEntries",
                        "local.maximumEntries must be set when maximumWeight is not (the tier must be bounded),"
                                + " but was null");
            }
            return new LocalTierConfig(this);
        }
    }
}
