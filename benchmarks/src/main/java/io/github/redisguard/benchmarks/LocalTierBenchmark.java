/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.benchmarks;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.LoadRequest;
import io.github.redisguard.spi.LoadedValue;
import io.github.redisguard.spi.LocalLoader;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.TrackingConnector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A local-tier hit as an adapter makes it: route the read, ask the tier, and take the reply from the completed stage.
 * The key was loaded once in setup (1 KB value, a PTTL of an hour) and tracking is on, so every call is a hit. What
 * the adapter adds on top (its command object, completing the caller's future) is in the end-to-end figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocalTierBenchmark {

    // Set in setUp(), before any benchmark method runs.
    private RedisGuard guard;

    private CommandGuard commands;

    private LocalTier tier;

    private final List<byte[]> get = List.of("hot:1".getBytes(StandardCharsets.UTF_8));

    private final LocalLoader loader = new LocalLoader() {
        @Override
        public CompletionStage<LoadedValue> load(LoadRequest request) {
            return CompletableFuture.completedFuture(LoadedValue.string(new byte[1024], 3_600_000));
        }

        @Override
        public boolean unreachable(Throwable error) {
            return false;
        }
    };

    @Setup(Level.Trial)
    public void setUp() {
        guard = RedisGuard.builder(GuardConfig.builder()
                        .localTier(LocalTierConfig.builder()
                                .enabled(true)
                                .pattern("hot:*")
                                .build())
                        .build())
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        commands = guard.commandGuard();
        TrackingConnector tracking = (prefixes, invalidations) -> {
            invalidations.trackingOn();
            return () -> {};
        };
        tier = commands.localTier("bench:6379", tracking);
        Object first = hit();
        if (first == null) {
            throw new IllegalStateException("the tier does not serve hot:1");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tier.close();
        guard.close();
    }

    @Benchmark
    public @Nullable Object hit() {
        CommandRoute route = commands.route("GET");
        CompletionStage<?> reply = tier.read(route, get, loader);
        return reply == null ? null : reply.toCompletableFuture().getNow(null);
    }
}
