/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.WriteShedException;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.ShedAction;
import io.github.redisguard.scenarios.AdapterUnderTest.Client;
import io.github.redisguard.scenarios.AdapterUnderTest.Command;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisServerOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory breaker against real servers with a small maxmemory, one fresh server per side of each scenario. */
public abstract class MemoryBreakerScenarios {

    /** The maxmemory of every server these scenarios start: 16 MB. */
    public static final long MAXMEMORY = 16L * 1024 * 1024;

    /** Returns the adapter the scenarios run against. */
    protected abstract AdapterUnderTest adapter();

    /** Starts a server with {@link #MAXMEMORY} and the given maxmemory-policy. */
    public static RedisServer server(String policy) {
        return RedisServer.start(RedisServerOptions.builder()
                .maxmemory(MAXMEMORY)
                .maxmemoryPolicy(policy)
                .build());
    }

    private static double peakRatio(RedisServer server) {
        return Double.parseDouble(server.info("memory").get("used_memory_peak")) / MAXMEMORY;
    }

    /** A default TTL of an hour, {@code cache:*} in the low class and {@code session:*} in the critical one. */
    public static GuardConfig.Builder classes() {
        return GuardConfig.builder()
                .defaultTtl(Duration.ofHours(1))
                .rule(KeyRule.builder("cache:*").name("cache").shedClass("low").build())
                .rule(KeyRule.builder("session:*")
                        .name("sessions")
                        .shedClass("critical")
                        .build());
    }

    /** Writes of {@code shedClass} the guard shed with {@code action} ({@code thrown} or {@code dropped}), all rules. */
    public static double shed(MeterRegistry registry, String shedClass, String action) {
        return registry.find("redis.guard.shed").tag("class", shedClass).tag("action", action).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** {@code cache:*} in the low class, dropped when shed; {@code session:*} in the critical one, thrown when shed. */
    public static GuardConfig.Builder dropCacheThrowSessions() {
        return GuardConfig.builder()
                .rule(KeyRule.builder("cache:*")
                        .name("cache")
                        .shedClass("low")
                        .onShed(ShedAction.DROP)
                        .build())
                .rule(KeyRule.builder("session:*")
                        .name("sessions")
                        .shedClass("critical")
                        .build());
    }

    /** A guard of {@code config} registering its meters in {@code registry}. */
    public static RedisGuard guard(GuardConfig config, SimpleMeterRegistry registry) {
        return RedisGuard.builder(config).meterRegistry(registry).build();
    }

    @Test
    void flood_noeviction_rawGetsOom_guardedGetsNoneAndStaysBelowHardThresholdPlusTwoPoints() {
        Flood raw;
        try (RedisServer server = server("noeviction");
                Client client = adapter().raw(server)) {
            raw = client.flood("flood:", 30_000, 1024, 512);
        }
        Flood guarded;
        double peak;
        try (RedisServer server = server("noeviction");
                RedisGuard guard = guard(
                        GuardConfig.builder().defaultTtl(Duration.ofHours(1)).build(), new SimpleMeterRegistry())) {
            try (Client client = adapter().guarded(server, guard)) {
                guarded = client.flood("flood:", 30_000, 1024, 512);
            }
            peak = peakRatio(server);
        }

        assertThat(raw.oom.get()).as("raw: %s", raw).isPositive();
        assertThat(guarded.oom.get()).as("guarded: %s", guarded).isZero();
        assertThat(guarded.otherErrors.get()).isZero();
        assertThat(guarded.shed.get()).isPositive();
        assertThat(peak).isLessThanOrEqualTo(0.97 + 0.02);
    }

    @Test
    void guard_doesNotShedTooEarly_memoryReachedSoftThresholdMinusThreePointsFirst() {
        try (RedisServer server = server("noeviction");
                RedisGuard guard = guard(classes().build(), new SimpleMeterRegistry());
                Client client = adapter().guarded(server, guard)) {
            String value = "c".repeat(1024);
            WriteShedException first = null;
            for (int i = 0; i < 30_000 && first == null; i++) {
                try {
                    client.call("SET", "cache:" + i, value);
                } catch (WriteShedException e) {
                    first = e;
                }
            }
            assertThat(first).isNotNull();
            assertThat(first.shedClass()).isEqualTo("low");
            assertThat(first.reason()).isEqualTo(WriteShedException.Reason.MEMORY);
            double usedAtFirstShed = (double) server.usedMemory() / MAXMEMORY;
            assertThat(usedAtFirstShed).isGreaterThanOrEqualTo(0.85 - 0.03);
            // And not too late: before memory reached the next class's threshold. (A bound at 0.87 failed once at
            // 0.8708 through Jedis: the server's hash tables double at powers of two, a step of about a point of
            // 16 MB that no estimate between samples sees coming.)
            assertThat(usedAtFirstShed).isLessThan(0.92);
        }
    }

    @Test
    void allkeysLru_cacheFloodAfterSessions_unguardedEvictsSessions_guardedKeepsEveryOne() {
        int sessions = 2_000;
        long rawSurvivors;
        try (RedisServer server = server("allkeys-lru");
                Client client = adapter().raw(server)) {
            writeSessions(client, sessions);
            client.flood("cache:", 40_000, 1024, 512);
            rawSurvivors = countSessions(client, sessions);
        }
        long guardedSurvivors;
        Flood guardedFlood;
        try (RedisServer server = server("allkeys-lru");
                RedisGuard guard = guard(classes().build(), new SimpleMeterRegistry())) {
            try (Client client = adapter().guarded(server, guard)) {
                writeSessions(client, sessions);
                guardedFlood = client.flood("cache:", 40_000, 1024, 512);
                guardedSurvivors = countSessions(client, sessions);
            }
            assertThat(server.info("stats").get("evicted_keys")).isEqualTo("0");
        }

        assertThat(rawSurvivors).isLessThan(sessions);
        assertThat(guardedSurvivors).isEqualTo(sessions);
        assertThat(guardedFlood.shed.get()).isPositive();
    }

    private static void writeSessions(Client client, int sessions) {
        String value = "s".repeat(1024);
        for (int i = 0; i < sessions; i++) {
            client.call("SET", "session:" + i, value);
        }
    }

    private static long countSessions(Client client, int sessions) {
        long found = 0;
        for (int i = 0; i < sessions; i++) {
            found += Replies.integer(client.call("EXISTS", "session:" + i));
        }
        return found;
    }

    @Test
    void maxmemoryZero_withConfiguredLimit_shedsAgainstTheLimit_whereRawGrowsPastIt() {
        Flood guarded;
        double guardedPeak;
        double rawPeak;
        try (RedisServer server = RedisServer.start(RedisServerOptions.defaults());
                RedisGuard guard = guard(
                        GuardConfig.builder()
                                .memory(MemoryConfig.builder()
                                        .limit(DataSize.ofBytes(MAXMEMORY))
                                        .build())
                                .build(),
                        new SimpleMeterRegistry())) {
            assertThat(server.configGet("maxmemory")).isEqualTo("0");
            long baseline = server.usedMemory();
            try (Client client = adapter().guarded(server, guard)) {
                guarded = client.flood("flood:", 30_000, 1024, 512);
                guardedPeak = Double.parseDouble(server.info("memory").get("used_memory_peak")) / MAXMEMORY;
            }
            server.flushAll();
            try (Client client = adapter().raw(server)) {
                client.flood("flood:", 30_000, 1024, 512);
                rawPeak = (double) server.usedMemory() / MAXMEMORY;
            }
            assertThat(baseline).isLessThan(MAXMEMORY / 4);
        }

        assertThat(guarded.shed.get()).isPositive();
        assertThat(guarded.oom.get()).isZero();
        assertThat(guardedPeak).isLessThanOrEqualTo(0.97 + 0.02);
        assertThat(rawPeak).isGreaterThan(1.0);
    }

    private static void awaitFirstSample(SimpleMeterRegistry registry, RedisServer server) {
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.find("redis.guard.memory.limit").gauges().stream()
                .anyMatch(g -> g.value() == MAXMEMORY));
    }

    private static GuardConfig slowSampling(GuardConfig.Builder builder) {
        return builder.memory(MemoryConfig.builder()
                        .sampleInterval(Duration.ofMinutes(10), Duration.ofMinutes(10))
                        .sampleTrigger(0.1)
                        .build())
                .build();
    }

    @Test
    void serverOom_tripsTheBreakerAtOnce_withoutWaitingForASample() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisServer server = server("noeviction");
                RedisGuard guard = guard(slowSampling(GuardConfig.builder()), registry);
                Client client = adapter().guarded(server, guard)) {
            awaitFirstSample(registry, server);
            // The server's limit drops below what it holds; the guard's last sample does not know.
            server.call("CONFIG", "SET", "maxmemory", "1");

            assertThatThrownBy(() -> client.call("SET", "a", "v")).hasMessageStartingWith("OOM");
            // Shed at once. The OOM also requested a sample, which may already have answered (then the reason is
            // the memory it read); either way no write waited for the 10-minute schedule.
            assertThatThrownBy(() -> client.call("SET", "b", "v"))
                    .isInstanceOf(WriteShedException.class)
                    .satisfies(e -> assertThat(((WriteShedException) e).reason())
                            .isIn(WriteShedException.Reason.OOM, WriteShedException.Reason.MEMORY));
            assertThat(client.call("DEL", "a")).isEqualTo(0L); // deletes still pass
        }
    }

    @Test
    void serverOom_inPipelineAndTransaction_tripsTheBreaker() {
        for (boolean transaction : new boolean[] {false, true}) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RedisServer server = server("noeviction");
                    RedisGuard guard = guard(slowSampling(GuardConfig.builder()), registry);
                    Client client = adapter().guarded(server, guard)) {
                awaitFirstSample(registry, server);
                server.call("CONFIG", "SET", "maxmemory", "1");
                List<Command> writes = List.of(Command.of("SET", "a", "v"), Command.of("SET", "b", "v"));

                if (transaction) {
                    assertThatThrownBy(() -> client.transaction(writes)).hasMessageContaining("EXECABORT");
                } else {
                    assertThat(client.pipelined(writes)).allSatisfy(reply -> assertThat(reply)
                            .isInstanceOf(RuntimeException.class)
                            .satisfies(e ->
                                    assertThat(((Throwable) e).getMessage()).startsWith("OOM")));
                }

                assertThatThrownBy(() -> client.call("SET", "c", "v"))
                        .as(transaction ? "after MULTI" : "after a pipeline")
                        .isInstanceOf(WriteShedException.class);
            }
        }
    }

    @Test
    void shedWrite_throwsOrDrops_perRule_andSendsNothing() {
        GuardConfig.Builder config = dropCacheThrowSessions();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisServer server = server("noeviction");
                RedisGuard guard = guard(slowSampling(config), registry);
                Client client = adapter().guarded(server, guard)) {
            awaitFirstSample(registry, server);
            server.call("CONFIG", "SET", "maxmemory", "1");
            assertThatThrownBy(() -> client.call("SET", "session:trip", "v")).hasMessageStartingWith("OOM");

            assertThatThrownBy(() -> client.call("SET", "session:1", "v"))
                    .isInstanceOf(WriteShedException.class)
                    .hasMessageContaining("rule 'sessions'")
                    .hasMessageContaining("class 'critical'");
            assertThat(client.call("SET", "cache:1", "v")).isNull();
            List<Object> piped = client.pipelined(
                    List.of(Command.of("SET", "cache:2", "v"), Command.of("HSET", "session:2", "f", "v")));
            assertThat(piped.get(0)).isNull();
            assertThat(piped.get(1)).isInstanceOf(WriteShedException.class);
            List<Object> multi = client.transaction(List.of(Command.of("SET", "cache:3", "v")));
            assertThat(multi).containsOnlyNulls();

            assertThat(server.dbSize()).isZero();
            assertThat(client.call("DEL", "session:1", "cache:1")).isEqualTo(0L);
            assertThat(shed(registry, "low", "dropped")).isEqualTo(3);
        }
    }
}
