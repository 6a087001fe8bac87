/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.OnMissingTtl;
import io.github.redisguard.codec.CompressionAlgorithm;
import io.github.redisguard.memory.FailMode;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.ShedAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Redis Guard's settings under {@code redis-guard.*}, mapped onto {@link GuardConfig} by the auto-configuration.
 *
 * <p>Every setting left unset keeps the core default named in its description; sizes use Spring's format
 * ({@code 512B}, {@code 64KB}, {@code 8MB}: binary units), durations Spring's ({@code 30m}, {@code 1d}, ISO-8601).
 * What the properties cannot express (a custom clock, a rule built in code) goes into a {@link RedisGuardCustomizer}.
 *
 * <pre>{@code
 * redis-guard:
 *   default-ttl: 1h
 *   rules:
 *     - name: sessions
 *       pattern: "spring:session:*"
 *       default-ttl: 30m
 *       shed-class: critical
 *     - name: cache
 *       pattern: "cache:*"
 *       shed-class: low
 *       on-shed: drop
 *       compression: { algorithm: lz4, threshold: 1KB }
 * }</pre>
 *
 * <p>Not thread-safe; Spring binds it once at startup.
 */
@ConfigurationProperties(prefix = RedisGuardProperties.PREFIX)
public final class RedisGuardProperties {

    /** The prefix of every property: {@value}. */
    public static final String PREFIX = "redis-guard";

    /** Whether Redis Guard guards the application's Redis connections. */
    private boolean enabled = true;

    /** TTL for writes without one, for keys no rule sets it for. Default 1 day. */
    private @Nullable Duration defaultTtl;

    /** Longest TTL a write may ask for (longer ones are lowered to it). Default no cap. */
    private @Nullable Duration maxTtl;

    /** Shortest positive TTL a write may ask for (shorter ones are raised to it). Default none. */
    private @Nullable Duration minTtl;

    /**
     * Jitter fraction of default TTLs, at least 0 and below 1: each default TTL is drawn from [ttl * (1 - jitter),
     * ttl]. Default 0.
     */
    private @Nullable Double jitter;

    /** What happens to a write that could carry a TTL and carries none. Default apply-default. */
    private @Nullable OnMissingTtl onMissingTtl;

    /** Largest value accepted, measured before compression, 1B to 512MB. Default 8MB. */
    private @Nullable DataSize maxValueSize;

    /** Largest size a compressed value may inflate to when read, 1B to 512MB. Default 64MB. */
    private @Nullable DataSize maxDecodedSize;

    /** Compression of whole values for keys no rule sets it for. Default none. */
    private final Compression compression = new Compression();

    /** Rules by key pattern, tried in order; the first match decides, unset settings come from the defaults. */
    private List<Rule> rules = new ArrayList<>();

    /** The memory circuit breaker. */
    private final Memory memory = new Memory();

    /** The local tier: a near cache in the application's memory for keys under prefixes. */
    private final LocalTier localTier = new LocalTier();

    /** Returns whether the guard is on. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Turns the guard on (the default) or off. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Returns the default TTL, or null for the core default. */
    public @Nullable Duration getDefaultTtl() {
        return defaultTtl;
    }

    /** Sets the default TTL. */
    public void setDefaultTtl(@Nullable Duration defaultTtl) {
        this.defaultTtl = defaultTtl;
    }

    /** Returns the TTL cap, or null for none. */
    public @Nullable Duration getMaxTtl() {
        return maxTtl;
    }

    /** Sets the TTL cap. */
    public void setMaxTtl(@Nullable Duration maxTtl) {
        this.maxTtl = maxTtl;
    }

    /** Returns the TTL floor, or null for none. */
    public @Nullable Duration getMinTtl() {
        return minTtl;
    }

    /** Sets the TTL floor. */
    public void setMinTtl(@Nullable Duration minTtl) {
        this.minTtl = minTtl;
    }

    /** Returns the jitter fraction, or null for the core default. */
    public @Nullable Double getJitter() {
        return jitter;
    }

    /** Sets the jitter fraction. */
    public void setJitter(@Nullable Double jitter) {
        this.jitter = jitter;
    }

    /** Returns what happens to writes without a TTL, or null for the core default. */
    public @Nullable OnMissingTtl getOnMissingTtl() {
        return onMissingTtl;
    }

    /** Sets what happens to writes without a TTL. */
    public void setOnMissingTtl(@Nullable OnMissingTtl onMissingTtl) {
        this.onMissingTtl = onMissingTtl;
    }

    /** Returns the value-size limit, or null for the core default. */
    public @Nullable DataSize getMaxValueSize() {
        return maxValueSize;
    }

    /** Sets the value-size limit. */
    public void setMaxValueSize(@Nullable DataSize maxValueSize) {
        this.maxValueSize = maxValueSize;
    }

    /** Returns the bound on decompressed sizes, or null for the core default. */
    public @Nullable DataSize getMaxDecodedSize() {
        return maxDecodedSize;
    }

    /** Sets the bound on decompressed sizes. */
    public void setMaxDecodedSize(@Nullable DataSize maxDecodedSize) {
        this.maxDecodedSize = maxDecodedSize;
    }

    /** Returns the default compression settings. */
    public Compression getCompression() {
        return compression;
    }

    /** Returns the rules, in the order they are tried. */
    public List<Rule> getRules() {
        return rules;
    }

    /** Replaces the rules. */
    public void setRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** Returns the memory breaker settings. */
    public Memory getMemory() {
        return memory;
    }

    /** Returns the local tier settings. */
    public LocalTier getLocalTier() {
        return localTier;
    }

    /** Compression of whole values (strings, hash fields). */
    public static final class Compression {

        /** Algorithm: none, lz4 (fast) or zstd (dense). */
        private @Nullable CompressionAlgorithm algorithm;

        /** Size from which values are compressed, 32B to 512MB. Default 1KB when an algorithm is set. */
        private @Nullable DataSize threshold;

        /** Returns the algorithm, or null when not set. */
        public @Nullable CompressionAlgorithm getAlgorithm() {
            return algorithm;
        }

        /** Sets the algorithm. */
        public void setAlgorithm(@Nullable CompressionAlgorithm algorithm) {
            this.algorithm = algorithm;
        }

        /** Returns the threshold, or null when not set. */
        public @Nullable DataSize getThreshold() {
            return threshold;
        }

        /** Sets the threshold. */
        public void setThreshold(@Nullable DataSize threshold) {
            this.threshold = threshold;
        }
    }

    /** A rule for the keys matching a pattern; settings left unset are inherited from the defaults. */
    public static final class Rule {

        /** Name in metrics and messages; unique, not "default". Defaults to the pattern. */
        private @Nullable String name;

        /** Redis glob the keys match, such as "session:*" (required). */
        private @Nullable String pattern;

        /** TTL for writes without one. */
        private @Nullable Duration defaultTtl;

        /** Longest TTL a write may ask for. */
        private @Nullable Duration maxTtl;

        /** Shortest positive TTL a write may ask for. */
        private @Nullable Duration minTtl;

        /** Jitter fraction of default TTLs, at least 0 and below 1. */
        private @Nullable Double jitter;

        /** What happens to a write that could carry a TTL and carries none. */
        private @Nullable OnMissingTtl onMissingTtl;

        /** Whether the keys are exempt from the TTL policy (may live forever); excludes every TTL setting. */
        private boolean persistent;

        /** Compression of the keys' whole values. */
        private final Compression compression = new Compression();

        /** Largest value accepted, before compression, 1B to 512MB. */
        private @Nullable DataSize maxValueSize;

        /** Memory breaker class of the keys, one of redis-guard.memory.shed-classes. Default the default class. */
        private @Nullable String shedClass;

        /** What happens to a shed write: throw (WriteShedException) or drop (completes empty, counted). */
        private @Nullable ShedAction onShed;

        /** Returns the name, or null for the pattern. */
        public @Nullable String getName() {
            return name;
        }

        /** Sets the name. */
        public void setName(@Nullable String name) {
            this.name = name;
        }

        /** Returns the pattern. */
        public @Nullable String getPattern() {
            return pattern;
        }

        /** Sets the pattern. */
        public void setPattern(@Nullable String pattern) {
            this.pattern = pattern;
        }

        /** Returns the default TTL, or null to inherit it. */
        public @Nullable Duration getDefaultTtl() {
            return defaultTtl;
        }

        /** Sets the default TTL. */
        public void setDefaultTtl(@Nullable Duration defaultTtl) {
            this.defaultTtl = defaultTtl;
        }

        /** Returns the TTL cap, or null to inherit it. */
        public @Nullable Duration getMaxTtl() {
            return maxTtl;
        }

        /** Sets the TTL cap. */
        public void setMaxTtl(@Nullable Duration maxTtl) {
            this.maxTtl = maxTtl;
        }

        /** Returns the TTL floor, or null to inherit it. */
        public @Nullable Duration getMinTtl() {
            return minTtl;
        }

        /** Sets the TTL floor. */
        public void setMinTtl(@Nullable Duration minTtl) {
            this.minTtl = minTtl;
        }

        /** Returns the jitter fraction, or null to inherit it. */
        public @Nullable Double getJitter() {
            return jitter;
        }

        /** Sets the jitter fraction. */
        public void setJitter(@Nullable Double jitter) {
            this.jitter = jitter;
        }

        /** Returns what happens to writes without a TTL, or null to inherit it. */
        public @Nullable OnMissingTtl getOnMissingTtl() {
            return onMissingTtl;
        }

        /** Sets what happens to writes without a TTL. */
        public void setOnMissingTtl(@Nullable OnMissingTtl onMissingTtl) {
            this.onMissingTtl = onMissingTtl;
        }

        /** Returns whether the keys are exempt from the TTL policy. */
        public boolean isPersistent() {
            return persistent;
        }

        /** Exempts the keys from the TTL policy, or not (the default). */
        public void setPersistent(boolean persistent) {
            this.persistent = persistent;
        }

        /** Returns the rule's compression settings. */
        public Compression getCompression() {
            return compression;
        }

        /** Returns the value-size limit, or null to inherit it. */
        public @Nullable DataSize getMaxValueSize() {
            return maxValueSize;
        }

        /** Sets the value-size limit. */
        public void setMaxValueSize(@Nullable DataSize maxValueSize) {
            this.maxValueSize = maxValueSize;
        }

        /** Returns the shed class, or null for the default class. */
        public @Nullable String getShedClass() {
            return shedClass;
        }

        /** Sets the shed class. */
        public void setShedClass(@Nullable String shedClass) {
            this.shedClass = shedClass;
        }

        /** Returns what happens to shed writes, or null for the default (throw). */
        public @Nullable ShedAction getOnShed() {
            return onShed;
        }

        /** Sets what happens to shed writes. */
        public void setOnShed(@Nullable ShedAction onShed) {
            this.onShed = onShed;
        }
    }

    /** The memory circuit breaker: samples INFO memory of each server and sheds writes by class before OOM. */
    public static final class Memory {

        /** Whether the breaker samples memory and sheds writes. */
        private boolean enabled = true;

        /**
         * Shed classes, each shed from its threshold (share of the memory limit, above 0 and at most 1). Default
         * low at 0.85, normal at 0.92, critical at 0.97.
         */
        private @Nullable List<ShedClass> shedClasses;

        /** Class of the keys whose rule names none (and of keys no rule matches). Default normal. */
        private @Nullable String defaultShedClass;

        /** How far below its threshold memory must fall before a class is admitted again, 0 to 0.5. Default 0.03. */
        private @Nullable Double hysteresis;

        /** Shortest time between samples, used near the thresholds. Default 20ms. */
        private @Nullable Duration minSampleInterval;

        /** Longest time between samples, used far below the thresholds. Default 1s. */
        private @Nullable Duration maxSampleInterval;

        /** How long a sample may take before it counts as failed. Default 1s. */
        private @Nullable Duration sampleTimeout;

        /** Factor on the bytes admitted between samples in the memory estimate, 1 to 10. Default 1.25. */
        private @Nullable Double overheadFactor;

        /** Bytes added to the estimate per admitted write, at most 64KB. Default 96B. */
        private @Nullable DataSize writeOverhead;

        /** Share of the limit that, admitted since the last sample, triggers a sample at once. Default 0.005. */
        private @Nullable Double sampleTrigger;

        /**
         * Limit used for servers whose maxmemory is 0 (no limit), at least 1MB. Default a share of the server's
         * total system memory (system-memory-share).
         */
        private @Nullable DataSize limit;

        /** Share of total system memory used as the limit when maxmemory is 0 and no limit is set. Default 0.75. */
        private @Nullable Double systemMemoryShare;

        /** What the breaker does while it cannot read memory (INFO refused, server unreachable). Default open. */
        private @Nullable FailMode failMode;

        /** Returns whether the breaker is on. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Turns the breaker on (the default) or off. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Returns the shed classes, or null for {@link MemoryConfig#DEFAULT_SHED_CLASSES}. */
        public @Nullable List<ShedClass> getShedClasses() {
            return shedClasses;
        }

        /** Replaces the shed classes. */
        public void setShedClasses(@Nullable List<ShedClass> shedClasses) {
            this.shedClasses = shedClasses;
        }

        /** Returns the default shed class, or null for the core default. */
        public @Nullable String getDefaultShedClass() {
            return defaultShedClass;
        }

        /** Sets the default shed class. */
        public void setDefaultShedClass(@Nullable String defaultShedClass) {
            this.defaultShedClass = defaultShedClass;
        }

        /** Returns the hysteresis, or null for the core default. */
        public @Nullable Double getHysteresis() {
            return hysteresis;
        }

        /** Sets the hysteresis. */
        public void setHysteresis(@Nullable Double hysteresis) {
            this.hysteresis = hysteresis;
        }

        /** Returns the shortest sample interval, or null for the core default. */
        public @Nullable Duration getMinSampleInterval() {
            return minSampleInterval;
        }

        /** Sets the shortest sample interval. */
        public void setMinSampleInterval(@Nullable Duration minSampleInterval) {
            this.minSampleInterval = minSampleInterval;
        }

        /** Returns the longest sample interval, or null for the core default. */
        public @Nullable Duration getMaxSampleInterval() {
            return maxSampleInterval;
        }

        /** Sets the longest sample interval. */
        public void setMaxSampleInterval(@Nullable Duration maxSampleInterval) {
            this.maxSampleInterval = maxSampleInterval;
        }

        /** Returns the sample timeout, or null for the core default. */
        public @Nullable Duration getSampleTimeout() {
            return sampleTimeout;
        }

        /** Sets the sample timeout. */
        public void setSampleTimeout(@Nullable Duration sampleTimeout) {
            this.sampleTimeout = sampleTimeout;
        }

        /** Returns the overhead factor, or null for the core default. */
        public @Nullable Double getOverheadFactor() {
            return overheadFactor;
        }

        /** Sets the overhead factor. */
        public void setOverheadFactor(@Nullable Double overheadFactor) {
            this.overheadFactor = overheadFactor;
        }

        /** Returns the per-write overhead, or null for the core default. */
        public @Nullable DataSize getWriteOverhead() {
            return writeOverhead;
        }

        /** Sets the per-write overhead. */
        public void setWriteOverhead(@Nullable DataSize writeOverhead) {
            this.writeOverhead = writeOverhead;
        }

        /** Returns the sample trigger, or null for the core default. */
        public @Nullable Double getSampleTrigger() {
            return sampleTrigger;
        }

        /** Sets the sample trigger. */
        public void setSampleTrigger(@Nullable Double sampleTrigger) {
            this.sampleTrigger = sampleTrigger;
        }

        /** Returns the limit for servers without maxmemory, or null for a share of system memory. */
        public @Nullable DataSize getLimit() {
            return limit;
        }

        /** Sets the limit for servers without maxmemory. */
        public void setLimit(@Nullable DataSize limit) {
            this.limit = limit;
        }

        /** Returns the share of system memory used as the limit, or null for the core default. */
        public @Nullable Double getSystemMemoryShare() {
            return systemMemoryShare;
        }

        /** Sets the share of system memory used as the limit. */
        public void setSystemMemoryShare(@Nullable Double systemMemoryShare) {
            this.systemMemoryShare = systemMemoryShare;
        }

        /** Returns the fail mode, or null for the core default. */
        public @Nullable FailMode getFailMode() {
            return failMode;
        }

        /** Sets the fail mode. */
        public void setFailMode(@Nullable FailMode failMode) {
            this.failMode = failMode;
        }
    }

    /**
     * The local tier (Caffeine) in front of Redis for keys under prefixes: GET, MGET, HGET and HGETALL of those keys
     * are served from memory, invalidated by this application's writes and by the server's CLIENT TRACKING reports.
     */
    public static final class LocalTier {

        /** Whether reads of keys under the patterns are served from the local tier. */
        private boolean enabled;

        /**
         * Keys the tier caches: literal prefixes followed by '*', such as "product:*" (or "*" alone), not
         * overlapping; at least one when enabled.
         */
        private List<String> patterns = new ArrayList<>();

        /** Most entries held, at least 1. Default 10000. */
        private @Nullable Long maximumEntries;

        /**
         * Most bytes held (keys, hash fields and decoded values), at least 1KB. Default no byte bound. With both
         * bounds set, both hold.
         */
        private @Nullable DataSize maximumWeight;

        /** Longest an entry is served after it was read from Redis, whatever its TTL, at least 1ms. Default 30s. */
        private @Nullable Duration maxStaleness;

        /** How long past its end an entry may be served while Redis cannot be reached. Default 0 (never). */
        private @Nullable Duration staleIfError;

        /** Returns whether the tier is on. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Turns the tier on or off (the default). */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Returns the patterns, in order. */
        public List<String> getPatterns() {
            return patterns;
        }

        /** Replaces the patterns. */
        public void setPatterns(List<String> patterns) {
            this.patterns = patterns;
        }

        /** Returns the entry bound, or null for the core default. */
        public @Nullable Long getMaximumEntries() {
            return maximumEntries;
        }

        /** Sets the entry bound. */
        public void setMaximumEntries(@Nullable Long maximumEntries) {
            this.maximumEntries = maximumEntries;
        }

        /** Returns the byte bound, or null for none. */
        public @Nullable DataSize getMaximumWeight() {
            return maximumWeight;
        }

        /** Sets the byte bound. */
        public void setMaximumWeight(@Nullable DataSize maximumWeight) {
            this.maximumWeight = maximumWeight;
        }

        /** Returns the staleness bound, or null for the core default. */
        public @Nullable Duration getMaxStaleness() {
            return maxStaleness;
        }

        /** Sets the staleness bound. */
        public void setMaxStaleness(@Nullable Duration maxStaleness) {
            this.maxStaleness = maxStaleness;
        }

        /** Returns how long past their end entries may be served while Redis is unreachable, or null for never. */
        public @Nullable Duration getStaleIfError() {
            return staleIfError;
        }

        /** Sets how long past their end entries may be served while Redis is unreachable. */
        public void setStaleIfError(@Nullable Duration staleIfError) {
            this.staleIfError = staleIfError;
        }
    }

    /** A memory breaker class: its writes are shed once memory reaches the threshold. */
    public static final class ShedClass {

        /** Name, referred to by rules' shed-class. */
        private @Nullable String name;

        /** Share of the memory limit at which the class is shed, above 0 and at most 1. */
        private @Nullable Double threshold;

        /** Returns the name. */
        public @Nullable String getName() {
            return name;
        }

        /** Sets the name. */
        public void setName(@Nullable String name) {
            this.name = name;
        }

        /** Returns the threshold. */
        public @Nullable Double getThreshold() {
            return threshold;
        }

        /** Sets the threshold. */
        public void setThreshold(@Nullable Double threshold) {
            this.threshold = threshold;
        }
    }
}
