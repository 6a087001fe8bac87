/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.spi.MemorySampler;
import io.github.redisguard.spi.NodeGuard;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SortArgs;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guarded connection as a whole: what it hands out, what it lets through, what it refuses to wrap. */
@RedisTest
class LettuceGuardIT {

    private static GuardedConnections redis;

    @BeforeAll
    static void connect(RedisServer server) {
        redis = new GuardedConnections(
                server, GuardConfig.builder().defaultTtl(Duration.ofMinutes(5)).build());
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void flush() {
        redis.raw.sync().flushall();
    }

    @Test
    @SuppressWarnings("deprecation") // deprecated in Lettuce, still a way to reach the connection
    void commandViews_handBackTheGuardedConnection_notTheOriginal() {
        assertThat(redis.guarded.sync().getStatefulConnection()).isSameAs(redis.guarded);
        assertThat(redis.guarded.async().getStatefulConnection()).isSameAs(redis.guarded);
        assertThat(redis.guarded.reactive().getStatefulConnection()).isSameAs(redis.guarded);
    }

    @Test
    void applicationDispatch_isGuardedToo() {
        String reply = redis.guarded
                .sync()
                .dispatch(
                        CommandType.SET,
                        new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).addKey("d").addValue("v"));

        assertThat(reply).isEqualTo("OK");
        assertThat(redis.raw.sync().pttl("d")).isPositive();
    }

    @Test
    void unknownCommands_passThroughUnchanged_andAreCounted() {
        redis.raw.sync().rpush("list", "3", "1", "2");

        List<String> sorted = redis.guarded.sync().sort("list", SortArgs.Builder.asc());

        assertThat(sorted).containsExactly("1", "2", "3");
        assertThat(redis.counter("redis.guard.commands.unknown", "command", "SORT"))
                .isEqualTo(1);
    }

    @Test
    void pipelinedWrites_withAutoFlushOff_allGetTheirTtl() {
        redis.guarded.setAutoFlushCommands(false);
        List<RedisFuture<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                futures.add(redis.guarded.async().set("p:" + i, "v"));
                futures.add(redis.guarded.async().hset("ph:" + i, "f", "v"));
            }
            redis.guarded.flushCommands();
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(10), futures.toArray(new RedisFuture<?>[0])))
                    .isTrue();
        } finally {
            redis.guarded.setAutoFlushCommands(true);
        }

        for (int i = 0; i < 100; i++) {
            assertThat(redis.raw.sync().pttl("p:" + i)).isPositive();
            assertThat(redis.raw.sync().pttl("ph:" + i)).isPositive();
        }
    }

    @Test
    void manyThreads_sharingOneGuardedConnection_allWritesGetTtlAndReadsSeeTheirOwnValues() throws Exception {
        int threads = 8;
        int perThread = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        String key = "mt:" + id + ":" + i;
                        redis.guarded.sync().set(key, key);
                        redis.guarded.async().hset(key + ":h", "f", key).get(10, TimeUnit.SECONDS);
                        if (key.equals(redis.guarded.sync().get(key))
                                && key.equals(redis.guarded
                                        .reactive()
                                        .hget(key + ":h", "f")
                                        .block())) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(redis.raw.sync().dbsize()).isEqualTo(2L * threads * perThread);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i += 37) {
                assertThat(redis.raw.sync().pttl("mt:" + t + ":" + i)).isPositive();
                assertThat(redis.raw.sync().pttl("mt:" + t + ":" + i + ":h")).isPositive();
            }
        }
    }

    @Test
    void wrap_refusesAnAlreadyGuardedConnection() {
        assertThatThrownBy(() -> LettuceGuard.wrap(redis.guarded, redis.guard))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connection must not be guarded already");
    }

    @Test
    void wrap_refusesPubSubConnections() {
        try (var pubSub = redis.client.connectPubSub()) {
            assertThatThrownBy(() -> LettuceGuard.wrap(pubSub, redis.guard))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("connection must not be a pub/sub connection");
        }
    }

    @Test
    void closingTheGuardedConnection_closesTheOriginal() {
        var original = redis.client.connect();
        var guarded = LettuceGuard.wrap(original, redis.guard);

        guarded.close();

        assertThat(original.isOpen()).isFalse();
        assertThat(guarded.isOpen()).isFalse();
    }

    @Test
    void wrapWithACallersNode_closingTheConnection_leavesTheNodeOpen() {
        AtomicInteger samplerCloses = new AtomicInteger();
        MemorySampler sampler = new MemorySampler() {
            @Override
            public CompletionStage<String> info(String section) {
                return CompletableFuture.failedFuture(new IllegalStateException("no INFO in this test"));
            }

            @Override
            public void close() {
                samplerCloses.incrementAndGet();
            }
        };
        NodeGuard node = redis.guard.commandGuard().node("framework-node:1", () -> sampler);
        var first = LettuceGuard.wrap(redis.client.connect(), redis.guard, node);
        var second = LettuceGuard.wrap(redis.client.connect(), redis.guard, node);

        first.sync().set("k", "v");
        first.close();
        second.close();

        assertThat(redis.raw.sync().pttl("k"))
                .isBetween(1L, Duration.ofMinutes(5).toMillis());
        assertThat(samplerCloses).hasValue(0); // the caller's node outlives the connections it guarded
        node.close();
        assertThat(samplerCloses).hasValue(1);
    }
}
