/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import io.github.redisguard.codec.Compression;
import io.github.redisguard.codec.ValueCodec;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.memory.MemoryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The guard's settings: defaults for every key, and an ordered list of {@link KeyRule}s that override them for the
 * keys matching their patterns (first match wins).
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}, start from {@link #defaults()}, or change one with
 * {@link #toBuilder()}. Single bad arguments fail at once with {@link IllegalArgumentException}; settings that
 * conflict fail in {@link Builder#build()} with {@link GuardConfigurationException}. Both messages read
 * {@code <setting> must <rule>, but was <value>}.
 *
 * {@snippet :
 * GuardConfig config = GuardConfig.builder()
 *         .defaultTtl(Duration.ofHours(1))
 *         .maxTtl(Duration.ofDays(7))
 *         .rule(KeyRule.builder("session:*").defaultTtl(Duration.ofMinutes(30)).build())
 *         .rule(KeyRule.builder("cache:*")
 *                 .jitter(0.1)
 *                 .compression(Compression.lz4(DataSize.ofKilobytes(1)))
 *                 .build())
 *         .rule(KeyRule.persistent("config:*"))
 *         .build();
 * }
 */
public final class GuardConfig {

    /** Name under which keys that no rule matches are reported: {@value}. */
    public static final String DEFAULT_RULE_NAME = "default";

    /** Default of {@link Builder#defaultTtl(Duration)}: one day. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(1);

    /** Default of {@link Builder#onMissingTtl(OnMissingTtl)}: {@link OnMissingTtl#APPLY_DEFAULT}. */
    public static final OnMissingTtl DEFAULT_ON_MISSING_TTL = OnMissingTtl.APPLY_DEFAULT;

    /** Default of {@link Builder#jitter(double)}: none. */
    public static final double DEFAULT_JITTER = 0.0;

    /** Default of {@link Builder#compression(Compression)}: {@link Compression#none()}. */
    public static final Compression DEFAULT_COMPRESSION = Compression.none();

    /** Default of {@link Builder#maxValueSize(DataSize)}: 8 MB. */
    public static final DataSize DEFAULT_MAX_VALUE_SIZE = DataSize.ofMegabytes(8);

    /** Default of {@link Builder#maxDecodedSize(DataSize)}: {@link ValueCodec#DEFAULT_MAX_DECODED_SIZE}. */
    public static final DataSize DEFAULT_MAX_DECODED_SIZE = ValueCodec.DEFAULT_MAX_DECODED_SIZE;

    /** The largest string value Redis accepts (proto-max-bulk-len): 512 MB. */
    public static final DataSize MAX_REDIS_VALUE_SIZE = DataSize.ofMegabytes(512);

    private static final GuardConfig DEFAULTS = new Builder().build();

    private final List<KeyRule> rules;

    private final Duration defaultTtl;

    private final @Nullable Duration maxTtl;

    private final @Nullable Duration minTtl;

    private final double jitter;

    private final OnMissingTtl onMissingTtl;

    private final Compression compression;

    private final DataSize maxValueSize;

    private final DataSize maxDecodedSize;

    private final MemoryConfig memory;

    private final LocalTierConfig localTier;

    private GuardConfig(Builder builder) {
        this.rules = List.copyOf(builder.rules);
        this.defaultTtl = builder.defaultTtl;
        this.maxTtl = builder.maxTtl;
        this.minTtl = builder.minTtl;
        this.jitter = builder.jitter;
        this.onMissingTtl = builder.onMissingTtl;
        this.compression = builder.compression;
        this.maxValueSize = builder.maxValueSize;
        this.maxDecodedSize = builder.maxDecodedSize;
        this.memory = builder.memory;
        this.localTier = builder.localTier;
    }

    /** Returns the configuration with every default and no rules: every key gets {@link #DEFAULT_TTL}. */
    public static GuardConfig defaults() {
        return DEFAULTS;
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this configuration's settings; {@code toBuilder().build()} equals this. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.rules.addAll(rules);
        builder.defaultTtl = defaultTtl;
        builder.maxTtl = maxTtl;
        builder.minTtl = minTtl;
        builder.jitter = jitter;
        builder.onMissingTtl = onMissingTtl;
        builder.compression = compression;
        builder.maxValueSize = maxValueSize;
        builder.maxDecodedSize = maxDecodedSize;
        builder.memory = memory;
        builder.localTier = localTier;
        return builder;
    }

    /** Returns the rules in the order they are tried; never null, unmodifiable. */
    public List<KeyRule> rules() {
        return rules;
    }

    /** Returns the TTL given to writes without one, for keys whose rule does not set it. */
    public Duration defaultTtl() {
        return defaultTtl;
    }

    /** Returns the longest TTL a write may ask for, for keys whose rule does not set it; empty for no cap. */
    public Optional<Duration> maxTtl() {
        return Optional.ofNullable(maxTtl);
    }

    /** Returns the shortest positive TTL a write may ask for, for keys whose rule does not set it; empty for none. */
    public Optional<Duration> minTtl() {
        return Optional.ofNullable(minTtl);
    }

    /** Returns the jitter fraction applied to default TTLs, for keys whose rule does not set it. */
    public double jitter() {
        return jitter;
    }

    /** Returns what happens to writes without a TTL, for keys whose rule does not set it. */
    public OnMissingTtl onMissingTtl() {
        return onMissingTtl;
    }

    /** Returns how values are compressed, for keys whose rule does not set it. */
    public Compression compression() {
        return compression;
    }

    /** Returns the largest value accepted, for keys whose rule does not set it. */
    public DataSize maxValueSize() {
        return maxValueSize;
    }

    /**
     * Returns the largest size a compressed value may inflate to when read; larger ones raise
     * {@link CorruptValueException} before anything that size is allocated.
     */
    public DataSize maxDecodedSize() {
        return maxDecodedSize;
    }

    /** Returns the memory circuit breaker's settings. */
    public MemoryConfig memory() {
        return memory;
    }

    /** Returns the local tier's settings (off by default). */
    public LocalTierConfig localTier() {
        return localTier;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof GuardConfig)) {
            return false;
        }
        GuardConfig that = (GuardConfig) other;
        return Double.compare(jitter, that.jitter) == 0
                && rules.equals(that.rules)
                && defaultTtl.equals(that.defaultTtl)
                && Objects.equals(maxTtl, that.maxTtl)
                && Objects.equals(minTtl, that.minTtl)
                && onMissingTtl == that.onMissingTtl
                && compression.equals(that.compression)
                && maxValueSize.equals(that.maxValueSize)
                && maxDecodedSize.equals(that.maxDecodedSize)
                && memory.equals(that.memory)
                && localTier.equals(that.localTier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                rules,
                defaultTtl,
                maxTtl,
                minTtl,
                jitter,
                onMissingTtl,
                compression,
                maxValueSize,
                maxDecodedSize,
                memory,
                localTier);
    }

    @Override
    public String toString() {
        return "GuardConfig{defaultTtl=" + defaultTtl
                + ", maxTtl=" + maxTtl
                + ", minTtl=" + minTtl
                + ", jitter=" + jitter
                + ", onMissingTtl=" + onMissingTtl
                + ", compression=" + compression
                + ", maxValueSize=" + maxValueSize
                + ", maxDecodedSize=" + maxDecodedSize
                + ", memory=" + memory
                + ", localTier=" + localTier
                + ", rules=" + rules
                + '}';
    }

    /**
     * Builds a {@link GuardConfig}. Each setter checks its argument at once; {@link #build()} checks how the settings
     * fit together. Not thread-safe.
     */
    public static final class Builder {

        private final List<KeyRule> rules = new ArrayList<>();

        private Duration defaultTtl = DEFAULT_TTL;

        private @Nullable Duration maxTtl;

        private @Nullable Duration minTtl;

        private double jitter = DEFAULT_JITTER;

        private OnMissingTtl onMissingTtl = DEFAULT_ON_MISSING_TTL;

        private Compression compression = DEFAULT_COMPRESSION;

        private DataSize maxValueSize = DEFAULT_MAX_VALUE_SIZE;

        private DataSize maxDecodedSize = DEFAULT_MAX_DECODED_SIZE;

        private MemoryConfig memory = MemoryConfig.defaults();

        private LocalTierConfig localTier = LocalTierConfig.defaults();

        private Builder() {}

        /** Appends a rule; rules are tried in the order they were added. */
        public Builder rule(KeyRule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Replaces all rules with {@code rules}, in their order. */
        public Builder rules(List<KeyRule> rules) {
            Objects.requireNonNull(rules, "rules");
            this.rules.clear();
            rules.forEach(this::rule);
            return this;
        }

        /**
         * Sets the TTL given to writes without one (default {@link #DEFAULT_TTL}).
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder defaultTtl(Duration defaultTtl) {
            Objects.requireNonNull(defaultTtl, "defaultTtl");
            KeyRule.positive("defaultTtl", defaultTtl);
            this.defaultTtl = defaultTtl;
            return this;
        }

        /**
         * Caps the TTL a write may ask for; {@code null} for no cap (the default).
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder maxTtl(@Nullable Duration maxTtl) {
            KeyRule.positive("maxTtl", maxTtl);
            this.maxTtl = maxTtl;
            return this;
        }

        /**
         * Raises positive TTLs shorter than this; {@code null} for none (the default).
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder minTtl(@Nullable Duration minTtl) {
            KeyRule.positive("minTtl", minTtl);
            this.minTtl = minTtl;
            return this;
        }

        /**
         * Sets the jitter fraction for default TTLs (default 0); see {@link KeyRule.Builder#jitter(double)}.
         *
         * @throws IllegalArgumentException unless {@code 0 <= jitter < 1}
         */
        public Builder jitter(double jitter) {
            this.jitter = KeyRule.fraction("jitter", jitter);
            return this;
        }

        /** Sets what happens to a write that could carry a TTL and carries none (default apply the default TTL). */
        public Builder onMissingTtl(OnMissingTtl onMissingTtl) {
            this.onMissingTtl = Objects.requireNonNull(onMissingTtl, "onMissingTtl");
            return this;
        }

        /** Sets how whole values are compressed (default none: compression is opt-in). */
        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /**
         * Sets the largest value accepted, before compression (default {@link #DEFAULT_MAX_VALUE_SIZE}).
         *
         * @throws IllegalArgumentException unless between 1 byte and 512 MB
         */
        public Builder maxValueSize(DataSize maxValueSize) {
            Objects.requireNonNull(maxValueSize, "maxValueSize");
            this.maxValueSize = KeyRule.valueSize("maxValueSize", maxValueSize);
            return this;
        }

        /**
         * Sets how large a compressed value may inflate to when read (default {@link #DEFAULT_MAX_DECODED_SIZE}).
         *
         * @throws IllegalArgumentException unless between 1 byte and 512 MB
         */
        public Builder maxDecodedSize(DataSize maxDecodedSize) {
            Objects.requireNonNull(maxDecodedSize, "maxDecodedSize");
            this.maxDecodedSize = KeyRule.valueSize("maxDecodedSize", maxDecodedSize);
            return this;
        }

        /** Sets the memory circuit breaker's settings (default {@link MemoryConfig#defaults()}). */
        public Builder memory(MemoryConfig memory) {
            this.memory = Objects.requireNonNull(memory, "memory");
            return this;
        }

        /**
         * Sets the local tier's settings (default {@link LocalTierConfig#defaults()}: off). The tier is active on
         * connections that can track the server's changes, e.g. those opened with {@code LettuceGuard.connect}.
         */
        public Builder localTier(LocalTierConfig localTier) {
            this.localTier = Objects.requireNonNull(localTier, "localTier");
            return this;
        }

        /**
         * Builds the configuration, checking every rule against the defaults it inherits.
         *
         * @throws GuardConfigurationException if a default TTL exceeds its maximum or is below its minimum, the
         *     minimum exceeds the maximum, two rules share a name or a pattern, a rule is named
         *     {@value #DEFAULT_RULE_NAME}, or a rule accepts values larger than {@code maxDecodedSize}
         */
        public GuardConfig build() {
            checkTtls("", defaultTtl, maxTtl, minTtl);
            checkDecodable("", maxValueSize);
            Map<String, String> names = new HashMap<>();
            Map<String, String> patterns = new HashMap<>();
            for (KeyRule rule : rules) {
                String path = "rules[" + rule.name() + "].";
                if (rule.name().equals(DEFAULT_RULE_NAME)) {
                    throw conflict(
                            path + "name",
                            "must not be '%s' (it names the keys no rule matches), but was '%s'",
                            DEFAULT_RULE_NAME,
                            rule.name());
                }
                if (names.put(rule.name(), rule.pattern()) != null) {
                    throw conflict(path + "name", "must be unique among the rules, but was '%s' twice", rule.name());
                }
                String earlier = patterns.put(rule.pattern(), rule.name());
                if (earlier != null) {
                    throw conflict(
                            path + "pattern",
                            "must differ from the pattern of earlier rule '%s' (this rule would never match),"
                                    + " but was '%s'",
                            earlier,
                            rule.pattern());
                }
                if (!rule.persistent()) {
                    checkTtls(
                            path,
                            rule.defaultTtl().orElse(defaultTtl),
                            rule.maxTtl().orElse(maxTtl),
                            rule.minTtl().orElse(minTtl));
                }
                checkDecodable(path, rule.maxValueSize().orElse(maxValueSize));
                if (rule.shedClass().isPresent()
                        && memory.shedClass(rule.shedClass().get()).isEmpty()) {
                    throw conflict(
                            path + "shedClass",
                            "must name one of memory.shedClasses %s, but was '%s'",
                            memory.shedClasses(),
                            rule.shedClass().get());
                }
            }
            return new GuardConfig(this);
        }

        private static void checkTtls(
                String path, Duration defaultTtl, @Nullable Duration maxTtl, @Nullable Duration minTtl) {
            // min > max first: any default then also breaks one bound, and that message would hide the real conflict.
            if (minTtl != null && maxTtl != null && minTtl.compareTo(maxTtl) > 0) {
                throw conflict(path + "minTtl", "must be at most maxTtl (%s), but was %s", maxTtl, minTtl);
            }
            if (maxTtl != null && defaultTtl.compareTo(maxTtl) > 0) {
                throw conflict(path + "defaultTtl", "must be at most maxTtl (%s), but was %s", maxTtl, defaultTtl);
            }
            if (minTtl != null && defaultTtl.compareTo(minTtl) < 0) {
                throw conflict(path + "defaultTtl", "must be at least minTtl (%s), but was %s", minTtl, defaultTtl);
            }
        }

        /**
         * Every value the guard writes must be readable through it: compressed values inflate to at most their size,
         * and so do plain values that begin with the codec's magic bytes (they are written escaped). Hence the bound
         * applies to every rule, compressing or not.
         */
        private void checkDecodable(String path, DataSize maxValueSize) {
            if (maxValueSize.compareTo(maxDecodedSize) > 0) {
                throw conflict(
                        path + "maxValueSize",
                        "must be at most maxDecodedSize (%s), so that every value written can be read back,"
                                + " but was %s",
                        maxDecodedSize,
                        maxValueSize);
            }
        }

        private static GuardConfigurationException conflict(String setting, String rule, Object... values) {
            return new GuardConfigurationException(setting, setting + " " + String.format(Locale.ROOT, rule, values));
        }
    }
}
