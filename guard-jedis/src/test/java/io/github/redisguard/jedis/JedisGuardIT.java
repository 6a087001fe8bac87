/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SortingParams;

/** The guarded Jedis client as a whole: its own API methods, pipelines, transactions, threads and lifecycle. */
@RedisTest
class JedisGuardIT {

    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static RedisGuard guard;

    private static UnifiedJedis guarded;

    private static UnifiedJedis raw;

    private static RedisServer server;

    @BeforeAll
    static void open(RedisServer redis) {
        server = redis;
        guard = RedisGuard.builder(
                        GuardConfig.builder().defaultTtl(Duration.ofMinutes(5)).build())
                .meterRegistry(registry)
                .build();
        guarded = JedisGuard.pooled(
                JedisAdapter.hostAndPort(redis),
                DefaultJedisClientConfig.builder().build(),
                guard);
        raw = RedisClient.create(JedisAdapter.hostAndPort(redis));
    }

    @AfterAll
    static void close() {
        guarded.close();
        raw.close();
        guard.close();
    }

    @BeforeEach
    void flush() {
        server.flushAll();
    }

    @Test
    void theJedisVersionUnderTest_isTheOneThisRunIsFor() {
        assertThat(JedisAdapter.version()).isEqualTo(System.getProperty("redisguard.expectedJedisVersion"));
    }

    @Test
    void apiMethods_plainPipelinedAndTransactional_allGetTheirTtl_whereRawOnesDoNot() {
        guarded.set("plain:s", "v");
        guarded.hset("plain:h", Map.of("f", "v"));
        guarded.lpush("plain:l", "a");
        try (AbstractPipeline pipeline = guarded.pipelined()) {
            pipeline.set("piped:s", "v");
            pipeline.hset("piped:h", "f", "v");
            pipeline.sadd("piped:z", "m");
        }
        try (AbstractTransaction multi = guarded.multi()) {
            multi.set("multi:s", "v");
            multi.incr("multi:n");
            multi.zadd("multi:z", 1, "m");
            multi.exec();
        }
        raw.set("raw:s", "v");
        try (AbstractPipeline pipeline = raw.pipelined()) {
            pipeline.set("raw:piped", "v");
        }

        for (String key : List.of(
                "plain:s", "plain:h", "plain:l", "piped:s", "piped:h", "piped:z", "multi:s", "multi:n", "multi:z")) {
            assertThat(raw.pttl(key)).as("PTTL of %s", key).isPositive();
        }
        assertThat(raw.pttl("raw:s")).isEqualTo(-1);
        assertThat(raw.pttl("raw:piped")).isEqualTo(-1);
    }

    @Test
    void transactionWithoutMulti_andWatch_stillGuardEachCommand() {
        try (AbstractTransaction transaction = guarded.transaction(false)) {
            transaction.watch("w:s");
            Response<String> set = transaction.set("w:before", "v"); // sent at once, outside MULTI
            assertThat(set.get()).isEqualTo("OK");
            transaction.multi();
            transaction.set("w:s", "v");
            assertThat(transaction.exec()).hasSize(1);
        }

        assertThat(raw.pttl("w:before")).isPositive();
        assertThat(raw.pttl("w:s")).isPositive();
    }

    @Test
    void unknownCommands_passThroughUnchanged_andAreCounted() {
        raw.rpush("list", "3", "1", "2");
        double before = counter("SORT");

        List<String> sorted = guarded.sort("list", new SortingParams().asc());

        assertThat(sorted).containsExactly("1", "2", "3");
        assertThat(counter("SORT") - before).isEqualTo(1);
    }

    private static double counter(String command) {
        var counter = registry.find("redis.guard.commands.unknown")
                .tag("command", command)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void manyThreads_sharingOneGuardedClient_allWritesGetTtlAndReadsSeeTheirOwnValues() throws Exception {
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        String key = "mt:" + id + ":" + i;
                        guarded.set(key, key);
                        guarded.hset(key + ":h", "f", key);
                        if (key.equals(guarded.get(key)) && key.equals(guarded.hget(key + ":h", "f"))) {
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

        assertThat(raw.dbSize()).isEqualTo(2L * threads * perThread);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i += 37) {
                assertThat(raw.pttl("mt:" + t + ":" + i)).isPositive();
                assertThat(raw.pttl("mt:" + t + ":" + i + ":h")).isPositive();
            }
        }
    }

    @Test
    void closingTheLastClient_closesItsPoolAndTheSamplersConnection() {
        long before = clients();
        RedisGuard own = RedisGuard.builder(GuardConfig.defaults())
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        UnifiedJedis client = JedisGuard.pooled(
                JedisAdapter.hostAndPort(server),
                DefaultJedisClientConfig.builder().build(),
                own);
        client.set("k", "v");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> clients() >= before + 2); // a pooled connection and the sampler's

        client.close();
        own.close();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> clients() == before);
    }

    private static long clients() {
        return ((String) server.call("CLIENT", "LIST")).lines().count();
    }
}
