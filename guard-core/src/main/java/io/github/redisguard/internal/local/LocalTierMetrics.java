/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.local;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The local tier's meters, per pattern (tag {@code pattern}, never a key), registered up front so that the read
 * path only increments counters it holds.
 */
public final class LocalTierMetrics {

    public static final String HITS = "redis.guard.local.hits";

    public static final String MISSES = "redis.guard.local.misses";

    public static final String LOADS = "redis.guard.local.loads";

    public static final String EVICTIONS = "redis.guard.local.evictions";

    public static final String INVALIDATIONS = "redis.guard.local.invalidations";

    public static final String STALE = "redis.guard.local.stale";

    /** Why an entry was dropped before its end. */
    public enum Source {
        OWN,
        SERVER,
        FLUSH
    }

    private final MeterRegistry registry;

    private final Counter[] hits;

    private final Counter[] misses;

    private final Counter[] loads;

    private final Counter[] loadFailures;

    private final Counter[] evictedBySize;

    private final Counter[] expired;

    private final Counter[][] invalidations;

    private final Counter[] stale;

    public LocalTierMetrics(MeterRegistry registry, List<String> patterns) {
        this.registry = registry;
        int n = patterns.size();
        hits = new Counter[n];
        misses = new Counter[n];
        loads = new Counter[n];
        loadFailures = new Counter[n];
        evictedBySize = new Counter[n];
        expired = new Counter[n];
        invalidations = new Counter[n][Source.values().length];
        stale = new Counter[n];
        for (int i = 0; i < n; i++) {
            String p = patterns.get(i);
            hits[i] = Counter.builder(HITS)
                    .description("Reads the local tier answered from memory")
                    .tag("pattern", p)
                    .register(registry);
            misses[i] = Counter.builder(MISSES)
                    .description("Reads of tiered keys the local tier did not hold fresh (a load, or one under way)")
                    .tag("pattern", p)
                    .register(registry);
            loads[i] = Counter.builder(LOADS)
                    .description("Values the local tier read from Redis, by result")
                    .tag("pattern", p)
                    .tag("result", "success")
                    .register(registry);
            loadFailures[i] = Counter.builder(LOADS)
                    .description("Values the local tier read from Redis, by result")
                    .tag("pattern", p)
                    .tag("result", "failure")
                    .register(registry);
            evictedBySize[i] = Counter.builder(EVICTIONS)
                    .description("Entries the local tier dropped, by cause")
                    .tag("pattern", p)
                    .tag("cause", "size")
                    .register(registry);
            expired[i] = Counter.builder(EVICTIONS)
                    .description("Entries the local tier dropped, by cause")
                    .tag("pattern", p)
                    .tag("cause", "expired")
                    .register(registry);
            for (Source source : Source.values()) {
                invalidations[i][source.ordinal()] = Counter.builder(INVALIDATIONS)
                        .description("Invalidations of local tier keys: this client's writes (own), the server's"
                                + " tracking (server), whole-tier flushes (flush, once per pattern)")
                        .tag("pattern", p)
                        .tag("source", source.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
            stale[i] = Counter.builder(STALE)
                    .description("Reads answered with an entry past its end because Redis could not be reached")
                    .tag("pattern", p)
                    .register(registry);
        }
    }

    MeterRegistry registry() {
        return registry;
    }

    void hit(int pattern) {
        hits[pattern].increment();
    }

    void miss(int pattern) {
        misses[pattern].increment();
    }

    void load(int pattern, boolean success) {
        (success ? loads : loadFailures)[pattern].increment();
    }

    void evicted(int pattern, boolean size) {
        (size ? evictedBySize : expired)[pattern].increment();
    }

    void invalidated(int pattern, Source source) {
        invalidations[pattern][source.ordinal()].increment();
    }

    void flushed() {
        for (Counter[] perPattern : invalidations) {
            perPattern[Source.FLUSH.ordinal()].increment();
        }
    }

    void stale(int pattern) {
        stale[pattern].increment();
    }
}
