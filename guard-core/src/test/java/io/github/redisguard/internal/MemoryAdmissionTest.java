/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.WriteShedException;
import io.github.redisguard.codec.ValueCodec;
import io.github.redisguard.internal.memory.ManualScheduler;
import io.github.redisguard.internal.memory.MemoryBreaker;
import io.github.redisguard.internal.memory.MemoryMonitor;
import io.github.redisguard.memory.FailMode;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.MemorySample;
import io.github.redisguard.memory.ShedAction;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.MemorySampler;
import io.github.redisguard.spi.NodeGuard;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory breaker on the write path: the planner asks it only about writes that add memory, a shed write counts
 * nothing but its shed, and a node guard reports completions (and OOM replies) to it. The monitor is never started:
 * samples are fed to its breaker by hand.
 */
class MemoryAdmissionTest {

    private static final String NODE = "10.0.0.1:6379";

    private static final long LIMIT = 1_000_000;

    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private SimpleMeterRegistry registry;

    private GuardMetrics metrics;

    private Planner planner;

    private MemoryMonitor monitor;

    private NodeGuard node;

    private void use(MemoryConfig memory) {
        GuardConfig config = GuardConfig.builder()
                .rule(KeyRule.builder("cache:*")
                        .name("cache")
                        .shedClass("low")
                        .onShed(ShedAction.DROP)
                        .build())
                .rule(KeyRule.builder("order:*")
                        .name("orders")
                        .shedClass("critical")
                        .build())
                .memory(memory)
                .build();
        registry = new SimpleMeterRegistry();
        RuleSet rules = new RuleSet(config);
        metrics = new GuardMetrics(registry, rules.all());
        ManualScheduler scheduler = new ManualScheduler();
        planner = new Planner(rules, ValueCodec.defaults(), scheduler.clock(), metrics);
        CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
        DefaultCommandGuard guard = new DefaultCommandGuard(
                planner, ValueCodec.defaults(), metrics, memory, rules.all(), circuitBreakers, scheduler.clock());
        monitor = new MemoryMonitor(
                NODE, new IdleSampler(), memory, rules.all(), metrics, scheduler, circuitBreakers, scheduler.clock());
        node = new DefaultNodeGuard(guard, monitor);
    }

    /** Never answers: these tests feed the breaker by hand. */
    static final class IdleSampler implements MemorySampler {

        @Override
        public CompletionStage<String> info(String section) {
            return new CompletableFuture<>();
        }

        @Override
        public void close() {}
    }

    private MemoryBreaker breaker() {
        return monitor.breaker();
    }

    private void sampleAt(double share) {
        breaker()
                .onSample(
                        new MemorySample(
                                NODE, Instant.EPOCH, Math.round(share * LIMIT), LIMIT, 0, "noeviction", 1.0, 0),
                        breaker().request());
    }

    private CommandPlan plan(String command, String... args) {
        List<byte[]> list = new ArrayList<>();
        for (String arg : args) {
            list.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        return node.plan(CommandCatalogue.lookup(command), list);
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void aDroppedWrite_isADroppedPlan_andCountsOnlyItsShed() {
        use(MemoryConfig.defaults());
        sampleAt(0.90);

        CommandPlan plan = plan("SET", "cache:1", "value");

        assertThat(plan.isDropped()).isTrue();
        assertThat(plan.memoryBytes()).isZero();
        assertThat(count(GuardMetrics.WRITES, "rule", "cache", "outcome", "shed", "reason", "memory"))
                .isOne();
        assertThat(count(GuardMetrics.WRITES, "rule", "cache", "outcome", "admitted", "reason", "none"))
                .isZero();
        assertThat(count(GuardMetrics.TTL, "rule", "cache", "action", "applied"))
                .isZero();
        assertThat(count(GuardMetrics.SHED, "class", "low", "reason", "memory", "action", "dropped"))
                .isOne();
    }

    @Test
    void aThrownWrite_raisesWriteShedException_andCountsOnlyItsShed() {
        use(MemoryConfig.defaults());
        sampleAt(0.98);

        assertThatThrownBy(() -> plan("SET", "order:1", "value"))
                .isInstanceOfSatisfying(WriteShedException.class, e -> {
                    assertThat(e.rule()).isEqualTo("orders");
                    assertThat(e.shedClass()).isEqualTo("critical");
                });
        assertThat(count(GuardMetrics.WRITES, "rule", "orders", "outcome", "admitted", "reason", "none"))
                .isZero();
        assertThat(count(GuardMetrics.TTL, "rule", "orders", "action", "applied"))
                .isZero();
    }

    @Test
    void anAdmittedWrite_carriesTheBytesItSends_andTheBreakerCountsThem() {
        use(MemoryConfig.defaults());
        sampleAt(0.50);
        long before = breaker().estimate();
        String value = "v".repeat(1000);

        CommandPlan plan = plan("SET", "order:1", value, "PX", "60000");

        assertThat(plan.isDropped()).isFalse();
        assertThat(plan.memoryBytes()).isEqualTo("order:1".length() + 1000 + "PX".length() + "60000".length());
        long weight = (long) Math.ceil(plan.memoryBytes() * MemoryConfig.DEFAULT_OVERHEAD_FACTOR)
                + MemoryConfig.DEFAULT_WRITE_OVERHEAD.toBytes();
        assertThat(breaker().estimate() - before).isEqualTo(2 * weight); // in flight: counted twice
        breaker().completed(plan.memoryBytes(), null);
        assertThat(breaker().estimate() - before).isEqualTo(weight);
        assertThat(count(GuardMetrics.WRITES, "rule", "orders", "outcome", "admitted", "reason", "none"))
                .isOne();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEL", "UNLINK", "GET", "EXPIRE", "PERSIST"})
    void deletesReadsAndExpiries_areNeverShed_evenFailingClosed(String command) {
        use(MemoryConfig.builder().failMode(FailMode.CLOSED).build());
        breaker().onSampleFailure();

        CommandPlan plan = command.equals("EXPIRE") ? plan(command, "order:1", "60") : plan(command, "order:1");

        assertThat(plan.isDropped()).isFalse();
        assertThat(plan.memoryBytes()).isZero();
        assertThatThrownBy(() -> plan("SET", "order:1", "v")).isInstanceOf(WriteShedException.class);
    }

    @Test
    void completed_withAnOomReply_tripsTheBreaker() {
        use(MemoryConfig.defaults());
        sampleAt(0.50);
        CommandPlan plan = plan("SET", "order:1", "value");

        node.completed(plan, OOM);

        assertThat(breaker().shedding(0)).isTrue();
        assertThat(breaker().shedding(2)).isTrue();
        assertThatThrownBy(() -> plan("SET", "order:2", "value"))
                .isInstanceOfSatisfying(
                        WriteShedException.class, e -> assertThat(e.reason()).isEqualTo(WriteShedException.Reason.OOM));
    }

    @Test
    void completed_countsTheWriteAsApplied_forTheNextSample() {
        use(MemoryConfig.defaults());
        sampleAt(0.50);
        CommandPlan plan = plan("SET", "order:1", "v".repeat(10_000));

        node.completed(plan, null);
        sampleAt(0.50); // requested after completion: the server holds the write, the estimate must not add it again

        assertThat(breaker().ratio()).isEqualTo(0.50);
    }

    @Test
    void completed_ofAPlanWithoutMemoryBytes_isNotReported() {
        use(MemoryConfig.defaults());
        sampleAt(0.50);

        node.completed(plan("GET", "order:1"), OOM);

        assertThat(breaker().shedding(0)).isFalse();
    }

    @Test
    void disabledBreaker_neverAsksForASampler_andAdmitsEverything() {
        use(MemoryConfig.disabled());
        DefaultCommandGuard guard = new DefaultCommandGuard(
                planner,
                ValueCodec.defaults(),
                metrics,
                MemoryConfig.disabled(),
                new RuleSet(GuardConfig.defaults()).all(),
                CircuitBreakerRegistry.ofDefaults(),
                new ManualScheduler().clock());

        NodeGuard disabled = guard.node(NODE, () -> {
            throw new AssertionError("no sampler for a disabled breaker");
        });

        assertThat(disabled.plan(
                                CommandCatalogue.lookup("SET"),
                                List.of("order:1".getBytes(StandardCharsets.UTF_8), new byte[1_000_000]))
                        .isDropped())
                .isFalse();
        assertThat(disabled).hasToString("NodeGuard[no memory breaker]");
        disabled.close();
    }

    /** Regression: a client flooding at once ran ahead of the first sample and met the server's OOM. */
    @Test
    void node_returnsOnlyOnceItsFirstSampleIsIn_soNoWriteRunsAheadOfTheBreaker() {
        String info = "# Memory\r\nused_memory:" + LIMIT / 2 + "\r\nmaxmemory:" + LIMIT + "\r\n# Stats\r\n";
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (RedisGuard redisGuard =
                RedisGuard.builder(GuardConfig.defaults()).meterRegistry(meters).build()) {
            CommandGuard commands = redisGuard.commandGuard();

            NodeGuard answered = commands.node("answers:6379", () -> new MemorySampler() {
                @Override
                public CompletionStage<String> info(String section) {
                    return CompletableFuture.supplyAsync(() -> info); // on another thread, later
                }

                @Override
                public void close() {}
            });

            // No waiting here: node() returned, so the breaker already works against the server's limit.
            assertThat(meters.find("redis.guard.memory.limit")
                            .tag("node", "answers:6379")
                            .gauge()
                            .value())
                    .isEqualTo(LIMIT);
            answered.close();
        }
    }
}
