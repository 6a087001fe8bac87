/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.WriteShedException;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
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
import redis.clients.jedis.exceptions.JedisDataException;

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

    private static RedisGuard guard(GuardConfig config) {
        return RedisGuard.builder(config)
                .meterRegistry(new SimpleMeterRegistry())
                .build();
    }

    private static RedisGuard guard() {
        return guard(GuardConfig.builder().defaultTtl(Duration.ofMinutes(10)).build());
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
    void writesOfEveryKind_getTheirTtlOnTheNodeThatHoldsTheKey_whereRawOnesDoNot() {
        Map<String, Consumer<UnifiedJedis>> writes = writes();
        Set<RedisServer> holders = new HashSet<>();
        for (String key : writes.keySet()) {
            holders.add(cluster.masterOf(key));
        }
        assertThat(holders).as("the keys spread over the nodes").hasSize(3);

        try (UnifiedJedis raw = new JedisCluster(nodes, CONFIG)) {
            writes.values().forEach(write -> write.accept(raw));
        }
        for (String key : writes.keySet()) {
            assertThat(pttl(key)).as("raw %s", key).isEqualTo(-1);
        }
        assertThat(pttl("{t}:11")).isEqualTo(-1);

        cluster.flushAll();
        try (RedisGuard guard = guard();
                UnifiedJedis guarded = JedisGuard.cluster(nodes, CONFIG, guard)) {
            assertThat(guarded).isInstanceOf(JedisCluster.class);
            writes.values().forEach(write -> write.accept(guarded));
        }
        for (String key : writes.keySet()) {
            assertThat(pttl(key)).as("guarded %s", key).isPositive();
        }
        assertThat(pttl("{t}:11")).isPositive();
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
    void compressedValues_areStoredCompressedOnEveryNode_andReadBackWhole() {
        GuardConfig config = GuardConfig.builder()
                .defaultTtl(Duration.ofMinutes(10))
                .rule(KeyRule.builder("blob:*")
                        .compression(Compression.lz4(DataSize.ofBytes(64)))
                        .build())
                .build();
        String value = "{\"items\":[" + "{\"sku\":\"lamp\",\"price\":10},".repeat(200) + "{}]}";
        try (RedisGuard guard = guard(config);
                UnifiedJedis guarded = JedisGuard.cluster(nodes, CONFIG, guard)) {
            Set<RedisServer> holders = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                String key = "blob:" + i;
                guarded.set(key, value);
                holders.add(cluster.masterOf(key));
                long stored = (Long) cluster.masterOf(key).call("STRLEN", key);
                assertThat(stored).as("stored size of %s", key).isLessThan(value.length() / 4);
                assertThat(guarded.get(key)).isEqualTo(value);
                assertThat(guarded.mget(key)).containsExactly(value);
            }
            assertThat(holders).hasSize(3);
        }
    }

    @Test
    void aFullNodeShedsItsWrites_whileTheOtherNodesTakeTheirs_andTheRawClientGetsOomThere() {
        RedisServer full = cluster.masterOf("{full}");
        String elsewhere = "{elsewhere}";
        for (int i = 0; cluster.masterOf(elsewhere) == full; i++) {
            elsewhere = "{elsewhere" + i + "}";
        }
        long maxmemory = 8L * 1024 * 1024;
        full.call("CONFIG", "SET", "maxmemory", String.valueOf(maxmemory));
        full.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
        String value = "c".repeat(1024);
        try (RedisGuard guard = guard();
                UnifiedJedis guarded = JedisGuard.cluster(nodes, CONFIG, guard)) {
            WriteShedException shed = null;
            int oom = 0;
            for (int i = 0; i < 20_000 && shed == null; i++) {
                try {
                    guarded.set("{full}:" + i, value);
                } catch (WriteShedException e) {
                    shed = e;
                } catch (JedisDataException e) {
                    oom++;
                }
            }
            assertThat(oom).as("OOM replies through the guard").isZero();
            assertThat(shed).as("the full node's writes were shed").isNotNull();
            assertThat(shed.reason()).isEqualTo(WriteShedException.Reason.MEMORY);
            assertThat(guarded.set(elsewhere + ":1", value)).isEqualTo("OK"); // another node still takes writes
            assertThat(pttl(elsewhere + ":1")).isPositive();

            try (UnifiedJedis raw = new JedisCluster(nodes, CONFIG)) {
                JedisDataException rawOom = null;
                for (int i = 0; i < 20_000 && rawOom == null; i++) {
                    try {
                        raw.set("{full}:raw:" + i, value);
                    } catch (JedisDataException e) {
                        rawOom = e;
                    }
                }
                assertThat(rawOom).isNotNull();
                assertThat(rawOom.getMessage()).startsWith("OOM");
            }
        } finally {
            full.call("CONFIG", "SET", "maxmemory", "0");
        }
    }

    @Test
    void aSlotBeingMigrated_askRedirectsKeepAsking_andMovedOnesAreFollowed_writesLandWithTheirTtl() {
        String tag = "{moving}";
        RedisServer source = cluster.masterOf(tag);
        RedisServer target = cluster.masters().get((cluster.masters().indexOf(source) + 1) % 3);
        String slot = String.valueOf(source.call("CLUSTER", "KEYSLOT", tag));
        String sourceId = text(source.call("CLUSTER", "MYID"));
        String targetId = text(target.call("CLUSTER", "MYID"));
        try (RedisGuard guard = guard();
                UnifiedJedis guarded = JedisGuard.cluster(nodes, CONFIG, guard)) {
            guarded.set(tag + ":before", "v"); // the client now knows the slot's node: the source
            target.call("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId);
            source.call("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);

            // Keys the source does not have are answered with ASK: ASKING, then the guarded write, on the target.
            guarded.set(tag + ":s", "v");
            guarded.hset(tag + ":h", "f", "v"); // a collection write: the write and its TTL in one script

            source.call("MIGRATE", target.host(), String.valueOf(target.port()), tag + ":before", "0", "5000");
            for (RedisServer master : cluster.masters()) {
                master.call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
            }
            // The client still routes the slot to the source, which now answers MOVED.
            assertThat(guarded.get(tag + ":s")).isEqualTo("v");
            guarded.set(tag + ":after", "v");
        }
        for (String key : List.of(":before", ":s", ":h", ":after")) {
            assertThat((Long) target.call("PTTL", tag + key)).as(key).isPositive();
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
            String entry = master.info("commandstats").get("cmdstat_get");
            if (entry != null) {
                String rest = entry.substring(entry.indexOf("calls=") + 6);
                calls += Long.parseLong(rest.substring(0, rest.indexOf(',')));
            }
        }
        return calls;
    }

    private static String text(Object reply) {
        return String.valueOf(reply);
    }
}
