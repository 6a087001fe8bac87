/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import io.github.redisguard.codec.Compression;
import io.github.redisguard.internal.KeyPattern;
import io.github.redisguard.memory.ShedAction;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * What the guard does with the keys that match one pattern: how long they live, whether their values are
 * compressed, how large a value may be.
 *
 * <p>A rule only says what differs from the configuration's defaults: every setting left unset is inherited from
 * {@link GuardConfig} when the configuration is built. Rules are tried in order, and the first whose pattern matches
 * a key decides for it; keys no rule matches fall under the defaults, reported as rule {@value GuardConfig#DEFAULT_RULE_NAME}.
 *
 * <p>Patterns use Redis glob syntax ({@code session:*}, {@code user:?:cart}, {@code cache:[ab]*}) and are matched
 * against the raw key bytes (UTF-8 for the pattern). Immutable and thread-safe.
 *
 * {@snippet :
 * KeyRule sessions = KeyRule.builder("session:*")
 *         .name("sessions")
 *         .defaultTtl(Duration.ofMinutes(30))
 *         .maxTtl(Duration.ofHours(12))
 *         .build();
 * KeyRule config = KeyRule.persistent("config:*");
 * }
 */
public final class KeyRule {

    private final String name;

    private final String pattern;

    private final @Nullable Duration defaultTtl;

    private final @Nullable Duration maxTtl;

    private final @Nullable Duration minTtl;

    private final @Nullable Double jitter;

    private final @Nullable OnMissingTtl onMissingTtl;

    private final boolean persistent;

    private final @Nullable Compression compression;

    private final @Nullable DataSize maxValueSize;

    private final @Nullable String shedClass;

    private final @Nullable ShedAction onShed;

    private KeyRule(Builder builder) {
        this.name = builder.name != null ? builder.name : builder.pattern;
        this.pattern = builder.pattern;
        this.defaultTtl = builder.defaultTtl;
        this.maxTtl = builder.maxTtl;
        this.minTtl = builder.minTtl;
        this.jitter = builder.jitter;
        this.onMissingTtl = builder.onMissingTtl;
        this.persistent = builder.persistent;
        this.compression = builder.compression;
        this.maxValueSize = builder.maxValueSize;
        this.shedClass = builder.shedClass;
        this.onShed = builder.onShed;
    }

    /**
     * Starts a rule for the keys matching {@code pattern}.
     *
     * @throws IllegalArgumentException if the pattern is empty or not a valid glob
     */
    public static Builder builder(String pattern) {
        return new Builder(pattern);
    }

    /**
     * Returns a rule that exempts the keys matching {@code pattern} from the TTL policy: they may live forever, and
     * every write to them is counted as {@code persistent}. Compression and the size limit still apply.
     *
     * @throws IllegalArgumentException if the pattern is empty or not a valid glob
     */
    public static KeyRule persistent(String pattern) {
        return builder(pattern).persistent(true).build();
    }

    /** Returns a builder holding this rule's settings. */
    public Builder toBuilder() {
        Builder builder = new Builder(pattern);
        builder.name = name;
        builder.defaultTtl = defaultTtl;
        builder.maxTtl = maxTtl;
        builder.minTtl = minTtl;
        builder.jitter = jitter;
        builder.onMissingTtl = onMissingTtl;
        builder.persistent = persistent;
        builder.compression = compression;
        builder.maxValueSize = maxValueSize;
        builder.shedClass = shedClass;
        builder.onShed = onShed;
        return builder;
    }

    /** Returns the rule's name, used in metric tags and messages; the pattern unless set. */
    public String name() {
        return name;
    }

    /** Returns the key pattern, Redis glob syntax. */
    public String pattern() {
        return pattern;
    }

    /** Returns the TTL given to writes without one, if this rule sets it. */
    public Optional<Duration> defaultTtl() {
        return Optional.ofNullable(defaultTtl);
    }

    /** Returns the longest TTL a write may ask for (longer ones are capped), if this rule sets it. */
    public Optional<Duration> maxTtl() {
        return Optional.ofNullable(maxTtl);
    }

    /** Returns the shortest positive TTL a write may ask for (shorter ones are raised), if this rule sets it. */
    public Optional<Duration> minTtl() {
        return Optional.ofNullable(minTtl);
    }

    /** Returns the jitter fraction applied to default TTLs, if this rule sets it. */
    public OptionalDouble jitter() {
        return jitter != null ? OptionalDouble.of(jitter) : OptionalDouble.empty();
    }

    /** Returns what happens to writes without a TTL, if this rule sets it. */
    public Optional<OnMissingTtl> onMissingTtl() {
        return Optional.ofNullable(onMissingTtl);
    }

    /** Returns whether the matching keys are exempt from the TTL policy. */
    public boolean persistent() {
        return persistent;
    }

    /** Returns how values are compressed, if this rule sets it. */
    public Optional<Compression> compression() {
        return Optional.ofNullable(compression);
    }

    /** Returns the largest value accepted (before compression), if this rule sets it. */
    public Optional<DataSize> maxValueSize() {
        return Optional.ofNullable(maxValueSize);
    }

    /** Returns the memory breaker's shed class for the matching keys, if this rule sets it. */
    public Optional<String> shedClass() {
        return Optional.ofNullable(shedClass);
    }

    /** Returns what happens to a shed write (default {@link ShedAction#THROW}), if this rule sets it. */
    public Optional<ShedAction> onShed() {
        return Optional.ofNullable(onShed);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof KeyRule)) {
            return false;
        }
        KeyRule that = (KeyRule) other;
        return persistent == that.persistent
                && name.equals(that.name)
                && pattern.equals(that.pattern)
                && Objects.equals(defaultTtl, that.defaultTtl)
                && Objects.equals(maxTtl, that.maxTtl)
                && Objects.equals(minTtl, that.minTtl)
                && Objects.equals(jitter, that.jitter)
                && onMissingTtl == that.onMissingTtl
                && Objects.equals(compression, that.compression)
                && Objects.equals(maxValueSize, that.maxValueSize)
                && Objects.equals(shedClass, that.shedClass)
                && onShed == that.onShed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                name,
                pattern,
                defaultTtl,
                maxTtl,
                minTtl,
                jitter,
                onMissingTtl,
                persistent,
                compression,
                maxValueSize,
                shedClass,
                onShed);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("KeyRule{name=")
                .append(name)
                .append(", pattern=")
                .append(pattern);
        if (persistent) {
            sb.append(", persistent");
        }
        append(sb, "defaultTtl", defaultTtl);
        append(sb, "maxTtl", maxTtl);
        append(sb, "minTtl", minTtl);
        append(sb, "jitter", jitter);
        append(sb, "onMissingTtl", onMissingTtl);
        append(sb, "compression", compression);
        append(sb, "maxValueSize", maxValueSize);
        append(sb, "shedClass", shedClass);
        append(sb, "onShed", onShed);
        return sb.append('}').toString();
    }

    private static void append(StringBuilder sb, String label, @Nullable Object value) {
        if (value != null) {
            sb.append(", ").append(label).append('=').append(value);
        }
    }

    static void positive(String setting, @Nullable Duration value) {
        if (value != null && (value.isNegative() || value.toMillis() < 1)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s must be at least 1 ms, but was %s", setting, value));
        }
    }

    static double fraction(String setting, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "%s must be at least 0 and below 1, but was %s", setting, value));
        }
        return value;
    }

    static DataSize valueSize(String setting, DataSize value) {
        if (value.toBytes() < 1 || value.compareTo(GuardConfig.MAX_REDIS_VALUE_SIZE) > 0) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "%s must be between 1B and %s, but was %s",
                    setting,
                    GuardConfig.MAX_REDIS_VALUE_SIZE,
                    value));
        }
        return value;
    }

    /**
     * Builds a {@link KeyRule}. Each setter checks its argument at once; settings left unset are inherited from the
     * {@link GuardConfig}. Not thread-safe.
     */
    public static final class Builder {

        private final String pattern;

        private @Nullable String name;

        private @Nullable Duration defaultTtl;

        private @Nullable Duration maxTtl;

        private @Nullable Duration minTtl;

        private @Nullable Double jitter;

        private @Nullable OnMissingTtl onMissingTtl;

        private boolean persistent;

        private @Nullable Compression compression;

        private @Nullable DataSize maxValueSize;

        private @Nullable String shedClass;

        private @Nullable ShedAction onShed;

        private Builder(String pattern) {
            Objects.requireNonNull(pattern, "pattern");
            KeyPattern.compile(pattern);
            this.pattern = pattern;
        }

        /**
         * Names the rule (metric tag {@code rule}, messages). Defaults to the pattern.
         *
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * Sets the TTL given to writes that have none ({@link OnMissingTtl#APPLY_DEFAULT}) and to collection writes
         * that create a key. Millisecond precision.
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder defaultTtl(Duration defaultTtl) {
            Objects.requireNonNull(defaultTtl, "defaultTtl");
            positive("defaultTtl", defaultTtl);
            this.defaultTtl = defaultTtl;
            return this;
        }

        /**
         * Caps the TTL a write may ask for; a longer one is replaced by this one and counted as {@code capped}.
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder maxTtl(Duration maxTtl) {
            Objects.requireNonNull(maxTtl, "maxTtl");
            positive("maxTtl", maxTtl);
            this.maxTtl = maxTtl;
            return this;
        }

        /**
         * Raises a positive TTL shorter than this to this, counted as {@code raised}. TTLs of zero or less (which
         * delete the key) are left alone.
         *
         * @throws IllegalArgumentException if shorter than 1 ms
         */
        public Builder minTtl(Duration minTtl) {
            Objects.requireNonNull(minTtl, "minTtl");
            positive("minTtl", minTtl);
            this.minTtl = minTtl;
            return this;
        }

        /**
         * Spreads default TTLs so that keys written together do not expire together: each default TTL is drawn
         * uniformly from {@code [defaultTtl × (1 − jitter), defaultTtl]}. TTLs a write asks for are never jittered.
         *
         * @throws IllegalArgumentException unless {@code 0 <= jitter < 1}
         */
        public Builder jitter(double jitter) {
            this.jitter = fraction("jitter", jitter);
            return this;
        }

        /** Sets what happens to a write that could carry a TTL and carries none. */
        public Builder onMissingTtl(OnMissingTtl onMissingTtl) {
            this.onMissingTtl = Objects.requireNonNull(onMissingTtl, "onMissingTtl");
            return this;
        }

        /**
         * Exempts the matching keys from the TTL policy (they may live forever); such writes are counted as
         * {@code persistent}. A persistent rule must not set TTLs.
         */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** Sets how the matching keys' whole values (strings, hash fields) are compressed. */
        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /**
         * Sets the largest value accepted, measured before compression; larger ones raise
         * {@link ValueTooLargeException} and are not sent.
         *
         * @throws IllegalArgumentException unless between 1 byte and 512 MB
         */
        public Builder maxValueSize(DataSize maxValueSize) {
            Objects.requireNonNull(maxValueSize, "maxValueSize");
            this.maxValueSize = valueSize("maxValueSize", maxValueSize);
            return this;
        }

        /**
         * Names the memory breaker's shed class of the matching keys (one of
         * {@link io.github.redisguard.memory.MemoryConfig#shedClasses()}, checked when the configuration is built):
         * the share of the memory limit at which their writes are shed. Default: the configuration's default class.
         *
         * @throws IllegalArgumentException if the name is blank
         */
        public Builder shedClass(String shedClass) {
            Objects.requireNonNull(shedClass, "shedClass");
            if (shedClass.isBlank()) {
                throw new IllegalArgumentException("shedClass must not be blank, but was '" + shedClass + "'");
            }
            this.shedClass = shedClass;
            return this;
        }

        /** Sets what happens to the matching keys' shed writes: throw (the default) or drop and count. */
        public Builder onShed(ShedAction onShed) {
            this.onShed = Objects.requireNonNull(onShed, "onShed");
            return this;
        }

        /**
         * Builds the rule. Conflicts with inherited settings are checked when the {@link GuardConfig} is built.
         *
         * @throws GuardConfigurationException if the rule is persistent and sets a TTL
         */
        public KeyRule build() {
            if (persistent && (defaultTtl != null || maxTtl != null || minTtl != null || onMissingTtl != null)) {
                String rule = name != null ? name : pattern;
                throw new GuardConfigurationException(
                        "rules[" + rule + "].persistent",
                        String.format(
                                Locale.ROOT,
                                "rules[%s].persistent must not be combined with TTL settings, but the rule also sets%s%s%s%s",
                                rule,
                                defaultTtl != null ? " defaultTtl" : "",
                                maxTtl != null ? " maxTtl" : "",
                                minTtl != null ? " minTtl" : "",
                                onMissingTtl != null ? " onMissingTtl" : ""));
            }
            return new KeyRule(this);
        }
    }
}
