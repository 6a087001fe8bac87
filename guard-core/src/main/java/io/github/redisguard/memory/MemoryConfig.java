/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.memory;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How the memory circuit breaker watches each server and when it sheds writes.
 *
 * <p>A background sampler reads {@code INFO memory} and {@code INFO stats} of every server the guard talks to (never
 * {@code CONFIG GET}, which managed Redis refuses). Between samples the breaker estimates memory as the last sample
 * plus the bytes this client admitted since, times {@link #overheadFactor()}, so a flood is caught before the next
 * sample. Each {@link ShedClass} sheds at its own share of the limit; rules name their class. Deletes and expiries
 * are never shed. Immutable and thread-safe; see {@link #builder()}.
 */
public final class MemoryConfig {

    /** Default shed classes: {@code low} at 0.85, {@code normal} at 0.92, {@code critical} at 0.97. */
    public static final List<ShedClass> DEFAULT_SHED_CLASSES =
            List.of(ShedClass.of("low", 0.85), ShedClass.of("normal", 0.92), ShedClass.of("critical", 0.97));

    /** Default class of rules that name none: {@value}. */
    public static final String DEFAULT_SHED_CLASS = "normal";

    /** Default hysteresis: a class is admitted again 0.03 below its threshold. */
    public static final double DEFAULT_HYSTERESIS = 0.03;

    /** Default shortest time between samples, used near the thresholds: 20 ms. */
    public static final Duration DEFAULT_MIN_SAMPLE_INTERVAL = Duration.ofMillis(20);

    /** Default longest time between samples, used far below the thresholds: 1 s. */
    public static final Duration DEFAULT_MAX_SAMPLE_INTERVAL = Duration.ofSeconds(1);

    /** Default time a sample may take before it counts as failed: 1 s. */
    public static final Duration DEFAULT_SAMPLE_TIMEOUT = Duration.ofSeconds(1);

    /**
     * Default overhead factor: 1.25. With {@link #DEFAULT_WRITE_OVERHEAD} it fits what Redis 7.0 used for the shapes
     * measured in docs/memory-breaker.md ({@code make calibrate}): within 5% for strings of 100 bytes to 64 KB and
     * small hashes, above the truth for list, set, stream and large-hash members, 14% below it only for strings under
     * about 32 bytes. Each sample replaces the estimate with the server's own figure anyway.
     */
    public static final double DEFAULT_OVERHEAD_FACTOR = 1.25;

    /** Default bytes added per admitted write on top of its weighted arguments (key, expiry and allocator cost). */
    public static final DataSize DEFAULT_WRITE_OVERHEAD = DataSize.ofBytes(96);

    /** Default early-sample trigger: a sample is taken as soon as this share of the limit was admitted since the last. */
    public static final double DEFAULT_SAMPLE_TRIGGER = 0.005;

    /** Default share of the server's total system memory used as the limit when maxmemory is 0 and none is set. */
    public static final double DEFAULT_SYSTEM_MEMORY_SHARE = 0.75;

    /** Default fail mode: {@link FailMode#OPEN}. */
    public static final FailMode DEFAULT_FAIL_MODE = FailMode.OPEN;

    /** The most shed classes a configuration may have: {@value}. */
    public static final int MAX_SHED_CLASSES = 31;

    private static final MemoryConfig DEFAULTS = new Builder().build();

    private final boolean enabled;

    private final List<ShedClass> shedClasses;

    private final String defaultShedClass;

    private final double hysteresis;

    private final Duration minSampleInterval;

    private final Duration maxSampleInterval;

    private final Duration sampleTimeout;

    private final double overheadFactor;

    private final DataSize writeOverhead;

    private final double sampleTrigger;

    private final @Nullable DataSize limit;

    private final double systemMemoryShare;

    private final FailMode failMode;

    private MemoryConfig(Builder b) {
        this.enabled = b.enabled;
        this.shedClasses = List.copyOf(b.shedClasses);
        this.defaultShedClass = b.defaultShedClass;
        this.hysteresis = b.hysteresis;
        this.minSampleInterval = b.minSampleInterval;
        this.maxSampleInterval = b.maxSampleInterval;
        this.sampleTimeout = b.sampleTimeout;
        this.overheadFactor = b.overheadFactor;
        this.writeOverhead = b.writeOverhead;
        this.sampleTrigger = b.sampleTrigger;
        this.limit = b.limit;
        this.systemMemoryShare = b.systemMemoryShare;
        this.failMode = b.failMode;
    }

    /** Returns the defaults: enabled, the three default classes, fail open. */
    public static MemoryConfig defaults() {
        return DEFAULTS;
    }

    /** Returns the configuration that never samples and never sheds. */
    public static MemoryConfig disabled() {
        return builder().enabled(false).build();
    }

    /** Returns a builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding these settings; {@code toBuilder().build()} equals this. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.shedClasses = new ArrayList<>(shedClasses);
        b.defaultShedClass = defaultShedClass;
        b.hysteresis = hysteresis;
        b.minSampleInterval = minSampleInterval;
        b.maxSampleInterval = maxSampleInterval;
        b.sampleTimeout = sampleTimeout;
        b.overheadFactor = overheadFactor;
        b.writeOverhead = writeOverhead;
        b.sampleTrigger = sampleTrigger;
        b.limit = limit;
        b.systemMemoryShare = systemMemoryShare;
        b.failMode = failMode;
        return b;
    }

    /** Returns whether the breaker samples and sheds at all. */
    public boolean enabled() {
        return enabled;
    }

    /** Returns the shed classes, in the order given. */
    public List<ShedClass> shedClasses() {
        return shedClasses;
    }

    /** Returns the class of rules that name none. */
    public String defaultShedClass() {
        return defaultShedClass;
    }

    /** Returns how far below its threshold memory must fall before a shed class is admitted again. */
    public double hysteresis() {
        return hysteresis;
    }

    /** Returns the shortest time between samples (near the thresholds). */
    public Duration minSampleInterval() {
        return minSampleInterval;
    }

    /** Returns the longest time between samples (far below the thresholds). */
    public Duration maxSampleInterval() {
        return maxSampleInterval;
    }

    /** Returns how long a sample may take before it counts as failed. */
    public Duration sampleTimeout() {
        return sampleTimeout;
    }

    /**
     * Returns the factor applied to the bytes of an admitted write (its arguments as sent) in the estimate between
     * samples; the estimate adds {@code bytes × overheadFactor + writeOverhead} per write.
     */
    public double overheadFactor() {
        return overheadFactor;
    }

    /** Returns the bytes added to the estimate per admitted write, on top of its weighted arguments. */
    public DataSize writeOverhead() {
        return writeOverhead;
    }

    /** Returns the share of the limit that, admitted since the last sample, triggers the next one at once. */
    public double sampleTrigger() {
        return sampleTrigger;
    }

    /** Returns the limit used when a server reports maxmemory 0; empty to use a share of its system memory. */
    public Optional<DataSize> limit() {
        return Optional.ofNullable(limit);
    }

    /** Returns the share of total system memory used as the limit when maxmemory is 0 and no limit is set. */
    public double systemMemoryShare() {
        return systemMemoryShare;
    }

    /** Returns what the breaker does while it cannot read memory. */
    public FailMode failMode() {
        return failMode;
    }

    /** Returns the shed class of that name, or empty. */
    public Optional<ShedClass> shedClass(String name) {
        return shedClasses.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof MemoryConfig)) {
            return false;
        }
        MemoryConfig that = (MemoryConfig) other;
        return enabled == that.enabled
                && shedClasses.equals(that.shedClasses)
                && defaultShedClass.equals(that.defaultShedClass)
                && Double.compare(hysteresis, that.hysteresis) == 0
                && minSampleInterval.equals(that.minSampleInterval)
                && maxSampleInterval.equals(that.maxSampleInterval)
                && sampleTimeout.equals(that.sampleTimeout)
                && Double.compare(overheadFactor, that.overheadFactor) == 0
                && writeOverhead.equals(that.writeOverhead)
                && Double.compare(sampleTrigger, that.sampleTrigger) == 0
                && Objects.equals(limit, that.limit)
                && Double.compare(systemMemoryShare, that.systemMemoryShare) == 0
                && failMode == that.failMode;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                enabled,
                shedClasses,
                defaultShedClass,
                hysteresis,
                minSampleInterval,
                maxSampleInterval,
                sampleTimeout,
                overheadFactor,
                writeOverhead,
                sampleTrigger,
                limit,
                systemMemoryShare,
                failMode);
    }

    @Override
    public String toString() {
        return "MemoryConfig{enabled=" + enabled + ", shedClasses=" + shedClasses + ", defaultShedClass="
                + defaultShedClass + ", hysteresis=" + hysteresis + ", sampleInterval=" + minSampleInterval + ".."
                + maxSampleInterval + ", sampleTimeout=" + sampleTimeout + ", overheadFactor=" + overheadFactor
                + ", writeOverhead=" + writeOverhead + ", sampleTrigger=" + sampleTrigger + ", limit=" + limit
                + ", systemMemoryShare=" + systemMemoryShare
                + ", failMode=" + failMode + '}';
    }

    /** Builds a {@link MemoryConfig}. Setters check their argument at once; {@link #build()} checks the whole. */
    public static final class Builder {

        private boolean enabled = true;

        private List<ShedClass> shedClasses = new ArrayList<>(DEFAULT_SHED_CLASSES);

        private String defaultShedClass = DEFAULT_SHED_CLASS;

        private double hysteresis = DEFAULT_HYSTERESIS;

        private Duration minSampleInterval = DEFAULT_MIN_SAMPLE_INTERVAL;

        private Duration maxSampleInterval = DEFAULT_MAX_SAMPLE_INTERVAL;

        private Duration sampleTimeout = DEFAULT_SAMPLE_TIMEOUT;

        private double overheadFactor = DEFAULT_OVERHEAD_FACTOR;

        private DataSize writeOverhead = DEFAULT_WRITE_OVERHEAD;

        private double sampleTrigger = DEFAULT_SAMPLE_TRIGGER;

        private @Nullable DataSize limit;

        private double systemMemoryShare = DEFAULT_SYSTEM_MEMORY_SHARE;

        private FailMode failMode = DEFAULT_FAIL_MODE;

        private Builder() {}

        /** Turns the breaker on (default) or off. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Replaces the shed classes (default {@link #DEFAULT_SHED_CLASSES}). */
        public Builder shedClasses(List<ShedClass> shedClasses) {
            Objects.requireNonNull(shedClasses, "shedClasses");
            this.shedClasses = new ArrayList<>(shedClasses);
            this.shedClasses.forEach(c -> Objects.requireNonNull(c, "shedClass"));
            return this;
        }

        /** Sets the class of rules that name none (default {@value #DEFAULT_SHED_CLASS}). */
        public Builder defaultShedClass(String name) {
            this.defaultShedClass = Objects.requireNonNull(name, "defaultShedClass");
            return this;
        }

        /**
         * Sets how far below its threshold memory must fall before a class is admitted again (default 0.03).
         *
         * @throws IllegalArgumentException unless {@code 0 <= hysteresis < 0.5}
         */
        public Builder hysteresis(double hysteresis) {
            if (!(hysteresis >= 0 && hysteresis < 0.5)) {
                throw new IllegalArgumentException(
                        "hysteresis must be at least 0 and below 0.5, but was " + hysteresis);
            }
            this.hysteresis = hysteresis;
            return this;
        }

        /**
         * Sets the shortest and longest time between samples (default 20 ms and 1 s). The sampler runs at the
         * longest interval far below the lowest threshold and at the shortest near it.
         *
         * @throws IllegalArgumentException if either is below 1 ms or min exceeds max
         */
        public Builder sampleInterval(Duration min, Duration max) {
            Objects.requireNonNull(min, "min");
            Objects.requireNonNull(max, "max");
            if (min.toMillis() < 1 || max.toMillis() < 1 || min.compareTo(max) > 0) {
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT, "sampleInterval must be at least 1 ms with min <= max, but was %s..%s", min, max));
            }
            this.minSampleInterval = min;
            this.maxSampleInterval = max;
            return this;
        }

        /**
         * Sets how long a sample may take before it counts as failed (default 1 s).
         *
         * @throws IllegalArgumentException if below 1 ms
         */
        public Builder sampleTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "sampleTimeout");
            if (timeout.toMillis() < 1) {
                throw new IllegalArgumentException("sampleTimeout must be at least 1 ms, but was " + timeout);
            }
            this.sampleTimeout = timeout;
            return this;
        }

        /**
         * Sets the factor applied to admitted bytes between samples (default {@value #DEFAULT_OVERHEAD_FACTOR}).
         *
         * @throws IllegalArgumentException unless between 1 and 10
         */
        public Builder overheadFactor(double factor) {
            if (!(factor >= 1 && factor <= 10)) {
                throw new IllegalArgumentException("overheadFactor must be between 1 and 10, but was " + factor);
            }
            this.overheadFactor = factor;
            return this;
        }

        /**
         * Sets the bytes added to the estimate per admitted write (default 96 bytes): what a key costs beyond its
         * name and value, measured in docs/memory-breaker.md. Raise it for floods of tiny values.
         *
         * @throws NullPointerException if {@code overhead} is null
         * @throws IllegalArgumentException if above 64 KB
         */
        public Builder writeOverhead(DataSize overhead) {
            Objects.requireNonNull(overhead, "writeOverhead");
            if (overhead.toBytes() > 64 * 1024) {
                throw new IllegalArgumentException("writeOverhead must be at most 64 KB, but was " + overhead);
            }
            this.writeOverhead = overhead;
            return this;
        }

        /**
         * Sets the share of the limit that, admitted since the last sample, triggers a sample at once (default
         * 0.005).
         *
         * @throws IllegalArgumentException unless above 0 and at most 0.1
         */
        public Builder sampleTrigger(double share) {
            if (!(share > 0 && share <= 0.1)) {
                throw new IllegalArgumentException("sampleTrigger must be above 0 and at most 0.1, but was " + share);
            }
            this.sampleTrigger = share;
            return this;
        }

        /**
         * Sets the limit used for servers that report maxmemory 0 (no limit); {@code null} for a share of their
         * system memory (the default).
         *
         * @throws IllegalArgumentException if below 1 MB
         */
        public Builder limit(@Nullable DataSize limit) {
            if (limit != null && limit.toBytes() < 1024 * 1024) {
                throw new IllegalArgumentException("limit must be at least 1MB, but was " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * Sets the share of total system memory used as the limit when maxmemory is 0 and no limit is set (default
         * 0.75).
         *
         * @throws IllegalArgumentException unless above 0 and at most 1
         */
        public Builder systemMemoryShare(double share) {
            if (!(share > 0 && share <= 1)) {
                throw new IllegalArgumentException("systemMemoryShare must be above 0 and at most 1, but was " + share);
            }
            this.systemMemoryShare = share;
            return this;
        }

        /** Sets what happens while memory cannot be read (default {@link FailMode#OPEN}). */
        public Builder failMode(FailMode failMode) {
            this.failMode = Objects.requireNonNull(failMode, "failMode");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws GuardConfigurationException if there are no classes or more than {@value #MAX_SHED_CLASSES}, two
         *     share a name, the default class is not one of them, or the hysteresis is not below every threshold
         *     (a class could never close again)
         */
        public MemoryConfig build() {
            if (shedClasses.isEmpty()) {
                throw new GuardConfigurationException(
                        "memory.shedClasses", "memory.shedClasses must not be empty, but was []");
            }
            if (shedClasses.size() > MAX_SHED_CLASSES) {
                throw new GuardConfigurationException(
                        "memory.shedClasses",
                        "memory.shedClasses must be at most " + MAX_SHED_CLASSES + ", but were " + shedClasses.size());
            }
            Set<String> names = new LinkedHashSet<>(); // the message lists them as configured
            for (ShedClass c : shedClasses) {
                if (!names.add(c.name())) {
                    throw new GuardConfigurationException(
                            "memory.shedClasses",
                            "memory.shedClasses must have unique names, but had '" + c.name() + "' twice");
                }
            }
            if (!names.contains(defaultShedClass)) {
                throw new GuardConfigurationException(
                        "memory.defaultShedClass",
                        "memory.defaultShedClass must name one of the shed classes " + names + ", but was '"
                                + defaultShedClass + "'");
            }
            ShedClass lowest = shedClasses.get(0);
            for (ShedClass c : shedClasses) {
                if (c.threshold() < lowest.threshold()) {
                    lowest = c;
                }
            }
            if (hysteresis >= lowest.threshold()) {
                throw new GuardConfigurationException(
                        "memory.hysteresis",
                        "memory.hysteresis must be below the lowest shed class threshold (" + lowest.threshold()
                                + ", class '" + lowest.name() + "'), so that the class can close again, but was "
                                + hysteresis);
            }
            return new MemoryConfig(this);
        }
    }
}
