/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static io.github.redisguard.scenarios.MemoryBreakerScenarios.MAXMEMORY;
import static io.github.redisguard.scenarios.MemoryBreakerScenarios.classes;
import static io.github.redisguard.scenarios.MemoryBreakerScenarios.dropCacheThrowSessions;
import static io.github.redisguard.scenarios.MemoryBreakerScenarios.guard;
import static io.github.redisguard.scenarios.MemoryBreakerScenarios.server;
import static io.github.redisguard.scenarios.MemoryBreakerScenarios.shed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.WriteShedException;
import io.github.redisguard.memory.FailMode;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisServerOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The memory breaker against real servers with a small maxmemory, one fresh server per side of each scenario. */
class MemoryBreakerIT {

    /** A server with a user {@code app} that may do everything but INFO. */
    private static RedisServer serverDenyingInfo() {
        return RedisServer.start(RedisServerOptions.builder()
                .maxmemory(MAXMEMORY)
                .extraArgs("--user", "app", "on", ">secret", "~*", "&*", "+@all", "-info")
                .build());
    }

    private static RedisURI appUser(RedisServer server) {
        return RedisURI.create(server.uri().replace("redis://", "redis://app:secret@"));
    }

    @Test
    void infoDeniedByAcl_failOpen_admitsWrites_reportsTheBlindSampler_andStillHeedsOomReplies() {
        try (RedisServer server = serverDenyingInfo()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RedisGuard guard = guard(GuardConfig.defaults(), registry)) {
                RedisClient client = RedisClient.create();
                RedisURI uri = appUser(server);
                try (StatefulRedisConnection<String, String> connection = LettuceGuard.connect(client, uri, guard)) {
                    String node = uri.getHost() + ":" + uri.getPort();
                    awaitGauge(registry, "redis.guard.memory.blind", node, 1);

                    connection.sync().set("k", "v");

                    assertThat(server.call("PTTL", "k")).isInstanceOf(Long.class);
                    assertThat((Long) server.call("PTTL", "k")).isPositive();
                    assertThat(registry.find("redis.guard.memory.sampler.errors")
                                    .tag("reason", "denied")
                                    .counter()
                                    .count())
                            .isPositive();

                    // Blind, an OOM reply is all the guard learns: it sheds for a while, then lets writes try again.
                    server.call("CONFIG", "SET", "maxmemory", "1");
                    assertThatThrownBy(() -> connection.sync().set("a", "v")).hasMessageStartingWith("OOM");
                    assertThatThrownBy(() -> connection.sync().set("b", "v"))
                            .isInstanceOf(WriteShedException.class)
                            .satisfies(e -> assertThat(((WriteShedException) e).reason())
                                    .isEqualTo(WriteShedException.Reason.OOM));
                    server.call("CONFIG", "SET", "maxmemory", Long.toString(MAXMEMORY));
                    await().atMost(Duration.ofSeconds(10))
                            .ignoreExceptionsInstanceOf(WriteShedException.class)
                            .until(() -> "OK".equals(connection.sync().set("c", "v")));
                } finally {
                    client.shutdown();
                }
            }
        }
    }

    @Test
    void infoDeniedByAcl_failClosed_shedsWritesThatAddMemory_butNotDeletes() {
        try (RedisServer server = serverDenyingInfo()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            GuardConfig config = GuardConfig.builder()
                    .memory(MemoryConfig.builder().failMode(FailMode.CLOSED).build())
                    .build();
            try (RedisGuard guard = guard(config, registry)) {
                RedisClient client = RedisClient.create();
                RedisURI uri = appUser(server);
                server.call("SET", "old", "v");
                try (StatefulRedisConnection<String, String> connection = LettuceGuard.connect(client, uri, guard)) {
                    awaitGauge(registry, "redis.guard.memory.blind", uri.getHost() + ":" + uri.getPort(), 1);

                    assertThatThrownBy(() -> connection.sync().set("k", "v"))
                            .isInstanceOf(WriteShedException.class)
                            .satisfies(e -> assertThat(((WriteShedException) e).reason())
                                    .isEqualTo(WriteShedException.Reason.FAIL_CLOSED));
                    assertThat(connection.sync().del("old")).isEqualTo(1);
                    assertThat(server.call("EXISTS", "k")).isEqualTo(0L);
                } finally {
                    client.shutdown();
                }
            }
        }
    }

    /** Waits, with a deadline, until the node's gauge shows {@code value}: the sampler works in the background. */
    private static void awaitGauge(SimpleMeterRegistry registry, String name, String node, double value) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        registry.find(name).tag("node", node).gauge())
                .isNotNull()
                .extracting(g -> g.value())
                .isEqualTo(value));
    }

    @Test
    void shedWrite_throwsOrDrops_perRule_inSyncAsyncAndReactive_andSendsNothing() throws Exception {
        try (RedisServer server = server("noeviction")) {
            GuardConfig config = dropCacheThrowSessions()
                    .memory(MemoryConfig.builder()
                            .sampleInterval(Duration.ofMinutes(10), Duration.ofMinutes(10))
                            .build())
                    .build();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RedisGuard guard = guard(config, registry)) {
                RedisClient client = RedisClient.create();
                try (StatefulRedisConnection<String, String> connection =
                        LettuceGuard.connect(client, RedisURI.create(server.uri()), guard)) {
                    awaitFirstSample(registry, server);
                    server.call("CONFIG", "SET", "maxmemory", "1");
                    assertThatThrownBy(() -> connection.sync().set("session:trip", "v"))
                            .hasMessageStartingWith("OOM"); // trips every class; samples keep them open

                    // THROW (the default): the exception in every view.
                    assertThatThrownBy(() -> connection.sync().set("session:1", "v"))
                            .isInstanceOf(WriteShedException.class)
                            .hasMessageContaining("rule 'sessions'")
                            .hasMessageContaining("class 'critical'");
                    assertThat((Future<Boolean>) connection.async().hset("session:2", "f", "v"))
                            .failsWithin(Duration.ofSeconds(5))
                            .withThrowableOfType(ExecutionException.class)
                            .withCauseInstanceOf(WriteShedException.class);
                    assertThatThrownBy(() ->
                                    connection.reactive().set("session:3", "v").block())
                            .isInstanceOf(WriteShedException.class);
                    // DROP: completed without a value, in every view.
                    assertThat(connection.sync().set("cache:1", "v")).isNull();
                    assertThat(connection.async().set("cache:2", "v").get(5, TimeUnit.SECONDS))
                            .isNull();
                    assertThat(connection.reactive().set("cache:3", "v").blockOptional())
                            .isEmpty();
                    // Nothing reached the server; freeing writes still do.
                    assertThat(server.dbSize()).isZero();
                    assertThat(connection.sync().del("session:1", "cache:1")).isZero();
                    assertThat(connection.sync().expire("cache:1", 10)).isFalse();

                    assertThat(shed(registry, "critical", "thrown")).isEqualTo(3);
                    assertThat(shed(registry, "low", "dropped")).isEqualTo(3);
                } finally {
                    client.shutdown();
                }
            }
        }
    }

    private static void awaitFirstSample(SimpleMeterRegistry registry, RedisServer server) {
        String node = RedisURI.create(server.uri()).getHost() + ":" + server.port();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> registry.find("redis.guard.memory.limit")
                                .tag("node", node)
                                .gauge()
                                .value()
                        == MAXMEMORY);
    }

    @Test
    void resilience4jBreaker_mirrorsTheShedClass_withEventsAndMicrometerBinding() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisServer server = server("noeviction");
                RedisGuard guard = guard(classes().build(), registry)) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(guard.circuitBreakers())
                    .bindTo(registry);
            List<String> transitions = new CopyOnWriteArrayList<>();
            guard.circuitBreakers().getEventPublisher().onEntryAdded(added -> added.getAddedEntry()
                    .getEventPublisher()
                    .onStateTransition(event ->
                            transitions.add(event.getCircuitBreakerName() + " " + event.getStateTransition())));
            RedisClient client = RedisClient.create();
            RedisURI uri = RedisURI.create(server.uri());
            String name = "redis-guard:" + uri.getHost() + ":" + uri.getPort() + ":low";
            try (StatefulRedisConnection<String, String> connection = LettuceGuard.connect(client, uri, guard)) {
                Flood.run(connection, "cache:", 20_000, 1024, 256);

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(transitions)
                        .contains(name + " State transition from CLOSED to FORCED_OPEN"));
                assertThat(guard.circuitBreakers().circuitBreaker(name).getState())
                        .isEqualTo(CircuitBreaker.State.FORCED_OPEN);
                assertThat(registry.find("resilience4j.circuitbreaker.state")
                                .tag("name", name)
                                .tag("state", "forced_open")
                                .gauge()
                                .value())
                        .isEqualTo(1.0);

                connection.sync().flushall();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                                guard.circuitBreakers().circuitBreaker(name).getState())
                        .isEqualTo(CircuitBreaker.State.CLOSED));
                connection.sync().set("cache:after", "v");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void serverRestartMidFlood_guardWorksAfterwards_noThreadOrConnectionLeak() throws Exception {
        try (RedisServer server = server("noeviction");
                RedisGuard guard = guard(classes().build(), new SimpleMeterRegistry())) {
            RedisClient client = RedisClient.create();
            try (StatefulRedisConnection<String, String> connection =
                    LettuceGuard.connect(client, RedisURI.create(server.uri()), guard)) {
                Thread flood = new Thread(() -> {
                    try {
                        Flood.run(connection, "cache:", 20_000, 1024, 128);
                    } catch (Exception e) {
                        // writes during the restart fail; what matters is after
                    }
                });
                flood.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> server.dbSize() > 2_000);
                server.restart();
                flood.join(120_000);

                // Lettuce reconnects both the application's and the sampler's connection; once the flood's remains
                // are gone, the guard admits writes again, with their TTL.
                server.flushAll();
                await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                    connection.sync().set("after", "v");
                    assertThat((Long) server.call("PTTL", "after")).isPositive();
                });
                var again = Flood.run(connection, "cache:", 20_000, 1024, 256);
                assertThat(again.shed.get()).isPositive();
                assertThat(again.oom.get()).isZero();
                assertThat(clientCount(server)).isEqualTo(3); // the application's, the sampler's, our admin's
                assertThat(memoryThreads()).isEqualTo(1);
            } finally {
                client.shutdown();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> clientCount(server) == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> memoryThreads() == 0);
        }
    }

    private static long clientCount(RedisServer server) {
        return ((String) server.call("CLIENT", "LIST")).lines().count();
    }

    private static long memoryThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("redis-guard-memory") && t.isAlive())
                .count();
    }
}
