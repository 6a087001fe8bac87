/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import static io.github.redisguard.scenarios.ClusterScenarios.guard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;

/**
 * The guarded cluster client on a real 3-master Redis Cluster: every write gets its TTL on the node that holds its
 * key, through Jedis's routing and its MOVED and ASK redirects; values are compressed and read back on every node;
 * each node's breaker sheds its own writes; each node has its own local tier. The raw cluster client, same setup,
 * shows what each of these prevents.
 */
@SuppressWarnings("deprecation") // JedisCluster: the raw cluster client both Jedis 7.4 and 8.0 have
class JedisClusterIT {

    private static final JedisClientConfig CONFIG =
            DefaultJedisClientConfig.builder().build();

    private static RedisCluster cluster;

    private static Set<HostAndPort> nodes;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start(3);
        nodes = new HashSet<>();
        for (RedisServer master : cluster.masters()) {
            nodes.add(JedisAdapter.hostAndPort(master));
        }
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void flush() {
        cluster.flushAll();
    }

    private static long pttl(String key) {
        return (Long) cluster.masterOf(key).call("PTTL", key);
    }

    /** One write of each kind the catalogue has a TTL rule for, to {@code key}. */
    private static Map<String, Consumer<UnifiedJedis>> writes() {
        Map<String, Consumer<UnifiedJedis>> writes = new LinkedHashMap<>();
        writes.put("s:1", j -> j.set("s:1", "v"));
        writes.put("n:2", j -> j.incr("n:2"));
        writes.put("a:3", j -> j.append("a:3", "v"));
        writes.put("h:4", j -> j.hset("h:4", "f", "v"));
        writes.put("l:5", j -> j.rpush("l:5", "a", "b"));
        writes.put("set:6", j -> j.sadd("set:6", "a"));
        writes.put("z:7", j -> j.zadd("z:7", 1.0, "a"));
        writes.put("x:8", j -> j.xadd("x:8", StreamEntryID.NEW_ENTRY, Map.of("f", "v")));
        writes.put("hll:9", j -> j.pfadd("hll:9", "a"));
        writes.put("{t}:10", j -> j.mset("{t}:10", "v", "{t}:11", "v"));
        return writes;
    }

    @Test
    void multiKeyWritesAcrossSlots_areRefusedAsJedisRefusesThem_andNothingIsWritten() {
        String[] keysAndValues = {"m:1", "v", "m:2", "v", "m:3", "v", "m:4", "v"};
        try (RedisGuard guard = guard();
                UnifiedJedis guarded = JedisGuard.cluster(nodes, CONFIG, guard);
                UnifiedJedis raw = new JedisCluster(nodes, CONFIG)) {
            Throwable rawError = catchThrowable(() -> raw.mset(keysAndValues));
            Throwable guardedError = catchThrowable(() -> guarded.mset(keysAndValues));
            assertThat(rawError).isNotNull();
            assertThat(guardedError).isNotNull().hasSameClassAs(rawError);
        }
        for (int i = 1; i <= 4; i++) {
            assertThat(cluster.masterOf("m:" + i).call("EXISTS", "m:" + i)).isEqualTo(0L);
        }
    }

    @Test
    void pipelines_areRefusedLoudly_notSentUnguarded() {
        try (RedisGuard guard = guard();
                UnifiedJedis guarded = JedisGuard.cluster(nodes, CONFIG, guard);
                UnifiedJedis raw = new JedisCluster(nodes, CONFIG)) {
            assertThatThrownBy(guarded::pipelined)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("guarded cluster client");
            assertThatThrownBy(guarded::multi).isInstanceOf(UnsupportedOperationException.class);
            try (var pipeline = raw.pipelined()) { // what the guard refuses: a write that keeps no TTL
                pipeline.set("p:1", "v");
            }
            assertThat(pttl("p:1")).isEqualTo(-1);
        }
    }

    @Test
    void eachNodeHasItsLocalTier_readsAreServedFromMemory_andAnotherClientsWriteIsSeen() {
        GuardConfig config = GuardConfig.builder()
                .defaultTtl(Duration.ofMinutes(10))
                .localTier(LocalTierConfig.builder()
                        .enabled(true)
                        .pattern("product:*")
                        .build())
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RedisGuard guard =
                        RedisGuard.builder(config).meterRegistry(registry).build();
                UnifiedJedis guarded = JedisGuard.cluster(nodes, CONFIG, guard);
                UnifiedJedis raw = new JedisCluster(nodes, CONFIG)) {
            Set<RedisServer> holders = new HashSet<>();
            for (int i = 0; i < 9; i++) {
                raw.set("product:" + i, "v1");
                holders.add(cluster.masterOf("product:" + i));
            }
            assertThat(holders).hasSize(3);
            // Until each node's tracking is on, reads go to Redis; then one round loads each key into its tier.
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                long calls = getCalls();
                for (int i = 0; i < 9; i++) {
                    assertThat(guarded.get("product:" + i)).isEqualTo("v1");
                }
                return getCalls() == calls;
            });
            long before = getCalls();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 9; i++) {
                    assertThat(guarded.get("product:" + i)).isEqualTo("v1");
                }
            }
            assertThat(getCalls() - before)
                    .as("GETs the nodes ran for 36 more reads")
                    .isZero();
            assertThat(registry.find("redis.guard.local.hits").counter().count())
                    .isGreaterThanOrEqualTo(36);

            for (int i = 0; i < 9; i++) {
                raw.set("product:" + i, "v2");
            }
            for (int i = 0; i < 9; i++) {
                String key = "product:" + i;
                await().atMost(Duration.ofSeconds(10)).until(() -> "v2".equals(guarded.get(key)));
            }
        }
    }

    private static long getCalls() {
        long calls = 0;
        for (RedisServer master : cluster.masters()) {
            calls += master.calls("GET");
        }
        return calls;
    }

    private static String text(Object reply) {
        return String.valueOf(reply);
    }
}
