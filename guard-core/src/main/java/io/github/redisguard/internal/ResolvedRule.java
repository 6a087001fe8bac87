/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.OnMissingTtl;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.memory.ShedAction;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** A rule with every inherited setting filled in, in the units the write path uses (milliseconds, bytes). */
public final class ResolvedRule {

    private final int index;

    private final String name;

    private final KeyPattern pattern;

    private final long defaultTtlMillis;

    private final long maxTtlMillis;

    private final long minTtlMillis;

    private final double jitter;

    private final OnMissingTtl onMissingTtl;

    private final boolean persistent;

    private final Compression compression;

    private final long maxValueSize;

    private final String shedClass;

    private final ShedAction onShed;

    ResolvedRule(int index, KeyRule rule, GuardConfig config) {
        this(
                index,
                rule.name(),
                KeyPattern.compile(rule.pattern()),
                rule.defaultTtl().orElse(config.defaultTtl()),
                rule.maxTtl().orElse(config.maxTtl().orElse(null)),
                rule.minTtl().orElse(config.minTtl().orElse(null)),
                rule.jitter().orElse(config.jitter()),
                rule.onMissingTtl().orElse(config.onMissingTtl()),
                rule.persistent(),
                rule.compression().orElse(config.compression()),
                rule.maxValueSize().orElse(config.maxValueSize()).toBytes(),
                rule.shedClass().orElse(config.memory().defaultShedClass()),
                rule.onShed().orElse(ShedAction.THROW));
    }

    ResolvedRule(int index, GuardConfig config) {
        this(
                index,
                GuardConfig.DEFAULT_RULE_NAME,
                KeyPattern.compile("*"),
                config.defaultTtl(),
                config.maxTtl().orElse(null),
                config.minTtl().orElse(null),
                config.jitter(),
                config.onMissingTtl(),
                false,
                config.compression(),
                config.maxValueSize().toBytes(),
                config.memory().defaultShedClass(),
                ShedAction.THROW);
    }

    private ResolvedRule(
            int index,
            String name,
            KeyPattern pattern,
            Duration defaultTtl,
            Duration maxTtl,
            Duration minTtl,
            double jitter,
            OnMissingTtl onMissingTtl,
            boolean persistent,
            Compression compression,
            long maxValueSize,
            String shedClass,
            ShedAction onShed) {
        this.index = index;
        this.name = name;
        this.pattern = pattern;
        this.defaultTtlMillis = defaultTtl.toMillis();
        this.maxTtlMillis = maxTtl == null ? 0 : maxTtl.toMillis();
        this.minTtlMillis = minTtl == null ? 0 : minTtl.toMillis();
        this.jitter = jitter;
        this.onMissingTtl = onMissingTtl;
        this.persistent = persistent;
        this.compression = compression;
        this.maxValueSize = maxValueSize;
        this.shedClass = shedClass;
        this.onShed = onShed;
    }

    /** Position in the rule set; the default rule comes last. Indexes the per-rule meters. */
    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public KeyPattern pattern() {
        return pattern;
    }

    /** The TTL for a write without one, jittered: uniform in [default × (1 − jitter), default], at least 1 ms. */
    public long defaultTtlMillis() {
        if (jitter == 0.0) {
            return defaultTtlMillis;
        }
        long spread =
                (long) (defaultTtlMillis * jitter * ThreadLocalRandom.current().nextDouble());
        return Math.max(1, defaultTtlMillis - spread);
    }

    /** The cap, or 0 for none. */
    public long maxTtlMillis() {
        return maxTtlMillis;
    }

    /** The floor for positive TTLs, or 0 for none. */
    public long minTtlMillis() {
        return minTtlMillis;
    }

    public boolean rejectsMissingTtl() {
        return onMissingTtl == OnMissingTtl.REJECT;
    }

    public boolean persistent() {
        return persistent;
    }

    public Compression compression() {
        return compression;
    }

    public long maxValueSize() {
        return maxValueSize;
    }

    /** The memory breaker's shed class of this rule's keys. */
    public String shedClass() {
        return shedClass;
    }

    /** What happens to this rule's shed writes. */
    public ShedAction onShed() {
        return onShed;
    }

    @Override
    public String toString() {
        return name;
    }
}
