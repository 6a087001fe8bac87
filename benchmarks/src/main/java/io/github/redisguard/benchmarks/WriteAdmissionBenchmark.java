/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.benchmarks;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.memory.ShedAction;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.MemorySampler;
import io.github.redisguard.spi.NodeGuard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
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
 * What deciding one write costs an adapter, as {@code guard-lettuce} does it per command: look the command up
 * ({@link CommandGuard#route}), plan it through the node's guard (rule match, TTL policy, size check, memory breaker
 * admission, the rewrite), and report its completion to the breaker. The memory breaker is on, its node sampled at
 * 10% of its limit (far below the thresholds), as in the end-to-end runs. Values are 1 KB, no compression.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WriteAdmissionBenchmark {

    private static final String INFO = "# Memory\r\nused_memory:107374182\r\nmaxmemory:1073741824\r\n"
            + "total_system_memory:25769803776\r\nmaxmemory_policy:noeviction\r\nmem_fragmentation_ratio:1.10\r\n"
            + "# Stats\r\nevicted_keys:0\r\n";

    // Set in setUp(), before any benchmark method runs.
    private RedisGuard guard;

    private CommandGuard commands;

    private NodeGuard node;

    private final List<byte[]> setWithoutTtl = args("session:4711", "v".repeat(1024));

    private final List<byte[]> setWithTtl = args("session:4711", "v".repeat(1024), "PX", "60000");

    private final List<byte[]> hset = args("cache:product:4711", "html", "v".repeat(1024));

    private final List<byte[]> get = args("session:4711");

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        guard = RedisGuard.builder(GuardConfig.builder()
                        .defaultTtl(Duration.ofHours(1))
                        .rule(KeyRule.builder("session:*")
                                .name("sessions")
                                .defaultTtl(Duration.ofMinutes(30))
                                .shedClass("critical")
                                .build())
                        .rule(KeyRule.builder("cache:*")
                                .name("cache")
                                .shedClass("low")
                                .onShed(ShedAction.DROP)
                                .build())
                        .build())
                .meterRegistry(registry)
                .build();
        commands = guard.commandGuard();
        node = commands.node("bench:6379", FixedSampler::new);
        for (int i = 0; i < 500; i++) {
            Gauge limit = registry.find("redis.guard.memory.limit").gauge();
            if (limit != null && limit.value() > 0) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new IllegalStateException("the breaker never took its first sample");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.close();
        guard.close();
    }

    /** {@code SET k v}: rewritten to {@code SET k v PX <ttl>}, the common case. */
    @Benchmark
    public CommandPlan setWithoutTtl() {
        return decide("SET", setWithoutTtl);
    }

    /** {@code SET k v PX 60000}: within bounds, sent unchanged. */
    @Benchmark
    public CommandPlan setWithTtl() {
        return decide("SET", setWithTtl);
    }

    /** {@code HSET k f v}: rewritten to the TTL script. */
    @Benchmark
    public CommandPlan hset() {
        return decide("HSET", hset);
    }

    /** {@code GET k}: a read, looked up and planned for reply decoding only. */
    @Benchmark
    public Object get() {
        CommandRoute route = commands.route("GET");
        return route.inspectsArguments() ? node.plan(route, get) : route;
    }

    private CommandPlan decide(String command, List<byte[]> arguments) {
        CommandRoute route = commands.route(command);
        CommandPlan plan = node.plan(route, arguments);
        if (plan.memoryBytes() > 0) {
            node.completed(plan, null);
        }
        return plan;
    }

    private static List<byte[]> args(String... args) {
        return Arrays.stream(args).map(a -> a.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** Answers every INFO at once with the same reply: 100 MB used of 1 GB. */
    static final class FixedSampler implements MemorySampler {

        @Override
        public CompletionStage<String> info(String section) {
            return CompletableFuture.completedFuture(INFO);
        }

        @Override
        public void close() {}
    }
}
