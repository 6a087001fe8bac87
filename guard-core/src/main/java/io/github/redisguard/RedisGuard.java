/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import io.github.redisguard.codec.ValueCodec;
import io.github.redisguard.internal.DefaultCommandGuard;
import io.github.redisguard.internal.GuardMetrics;
import io.github.redisguard.internal.Planner;
import io.github.redisguard.internal.RuleSet;
import io.github.redisguard.internal.local.LocalTierMetrics;
import io.github.redisguard.internal.local.LocalTiers;
import io.github.redisguard.spi.CommandGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The guard at run time: a {@link GuardConfig} turned into the decisions, meters and codec that client adapters
 * share. Create one per application (or per Redis deployment) and hand it to every adapter:
 *
 * {@snippet :
 * RedisGuard guard = RedisGuard.builder(config).meterRegistry(registry).build();
 * StatefulRedisConnection<String, String> connection = LettuceGuard.wrap(client.connect(), guard);
 * }
 *
 * <p>Thread-safe. Creating a guard registers its meters; it starts no threads and opens no connections. Adapters
 * that watch a server's memory start one background thread ({@code redis-guard-memory}) while any such connection
 * is open; {@link #close()} stops it.
 */
public final class RedisGuard implements AutoCloseable {

    private final GuardConfig config;

    private final MeterRegistry meterRegistry;

    private final DefaultCommandGuard commandGuard;

    private final CircuitBreakerRegistry circuitBreakers;

    private RedisGuard(Builder builder) {
        this.config = builder.config;
        this.meterRegistry = builder.meterRegistry;
        RuleSet rules = new RuleSet(config);
        GuardMetrics metrics = new GuardMetrics(meterRegistry, rules.all());
        ValueCodec codec = ValueCodec.create(config.maxDecodedSize());
        this.circuitBreakers = builder.circuitBreakers;
        // The tier decodes what it loads through the guard's codec (counted like every other decode).
        DefaultCommandGuard[] self = new DefaultCommandGuard[1];
        LocalTiers localTiers = config.localTier().enabled()
                ? new LocalTiers(
                        config.localTier(),
                        new LocalTierMetrics(meterRegistry, config.localTier().patterns()),
                        builder.ticker,
                        stored -> self[0].decode(stored))
                : null;
        this.commandGuard = new DefaultCommandGuard(
                new Planner(rules, codec, builder.clock, metrics),
                codec,
                metrics,
                config.memory(),
                rules.all(),
                circuitBreakers,
                builder.clock,
                localTiers);
        self[0] = commandGuard;
    }

    /** Returns a guard for {@code config}, with meters in Micrometer's global registry and the system clock. */
    public static RedisGuard create(GuardConfig config) {
        return builder(config).build();
    }

    /** Starts a guard for {@code config}. */
    public static Builder builder(GuardConfig config) {
        return new Builder(config);
    }

    /** Returns the configuration this guard enforces. */
    public GuardConfig config() {
        return config;
    }

    /** Returns the registry holding this guard's meters ({@code redis.guard.*}). */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /**
     * Returns the guard's decisions in the form client adapters use. Applications do not need this: they use an
     * adapter ({@code LettuceGuard}, ...), which calls it.
     */
    public CommandGuard commandGuard() {
        return commandGuard;
    }

    /**
     * Returns the registry of the memory breaker's Resilience4j circuit breakers: one per node and shed class, named
     * {@code redis-guard:<host:port>:<class>}, FORCED_OPEN while that class is shed on that node and CLOSED otherwise.
     * Subscribe to their events, or bind them to Micrometer with resilience4j-micrometer's
     * {@code TaggedCircuitBreakerMetrics}. The guard drives their state; do not transition them yourself.
     */
    public CircuitBreakerRegistry circuitBreakers() {
        return circuitBreakers;
    }

    /**
     * Stops the memory breaker's background sampling of every node and its thread, and closes the local tiers and
     * their tracking connections. Connections guarded by this guard
     * keep their TTL policy, size guard and compression, without the breaker. Idempotent.
     */
    @Override
    public void close() {
        commandGuard.close();
    }

    @Override
    public String toString() {
        return "RedisGuard{" + config + '}';
    }

    /** Builds a {@link RedisGuard}. Not thread-safe. */
    public static final class Builder {

        private final GuardConfig config;

        private MeterRegistry meterRegistry = Metrics.globalRegistry;

        private Clock clock = Clock.systemUTC();

        private CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();

        private LongSupplier ticker = System::nanoTime;

        private Builder(GuardConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** Sets where the guard's meters go (default Micrometer's global registry). */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /**
         * Sets the clock that turns absolute expiry times (EXAT, PXAT, EXPIREAT) into remaining TTLs (default the
         * system clock, UTC). Tests inject a fixed clock.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the Resilience4j registry the memory breaker's circuit breakers are created in (default a new registry
         * of its own), e.g. the application's, so they show where its other circuit breakers show.
         */
        public Builder circuitBreakers(CircuitBreakerRegistry circuitBreakers) {
            this.circuitBreakers = Objects.requireNonNull(circuitBreakers, "circuitBreakers");
            return this;
        }

        /**
         * Sets the source of monotonic time, in nanoseconds, that the local tier measures entry lifetimes with
         * (default {@link System#nanoTime()}). Tests inject a fake one, so that no test sleeps.
         */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Builds the guard and registers its meters. */
        public RedisGuard build() {
            return new RedisGuard(this);
        }
    }
}
