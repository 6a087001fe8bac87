/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static io.github.redisguard.scenarios.ClusterScenarios.guard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.WriteShedException;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.scenarios.ClusterScenarios;
import io.github.redisguard.scenarios.CompressionScenarios;
import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.reactive.RedisAdvancedClusterReactiveCommands;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

/**
 * The guarded cluster connection on a real 3-master Redis Cluster: every write gets its TTL on the node that holds its
 * key, through sync, async and reactive, Lettuce's slot splitting and its MOVED and ASK redirects; rewritten writes go
 * straight to their node; values are compressed and read back on every node; each node's breaker sheds its own
 * writes; node connections are guarded and node selections refused. The raw cluster connection, same setup, shows what
 * each of these prevents.
 */
class LettuceClusterIT {

    private static RedisCluster cluster;

    private static RedisClusterClient client;

    @BeforeAll
    static void start() {
        cluster = RedisCluster.start(3);
        RedisServer seed = cluster.masters().get(0);
        client = RedisClusterClient.create(RedisURI.create(seed.host(), seed.port()));
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.shutdown();
        }
        cluster.close();
    }

    @BeforeEach
    void flush() {
        cluster.flushAll();
    }

    private static long pttl(String key) {
        return (Long) cluster.masterOf(key).call("PTTL", key);
    }

    /** One write of each kind the catalogue has a TTL rule for: the command's method and arguments after the key. */
    private record Write(String method, Class<?>[] types, Object... rest) {}

    private static Map<String, Write> writes(String prefix) {
        Map<String, Write> writes = new LinkedHashMap<>();
        writes.put(prefix + "s:1", new Write("set", types(Object.class, Object.class), "v"));
        writes.put(prefix + "n:2", new Write("incr", types(Object.class)));
        writes.put(prefix + "a:3", new Write("append", types(Object.class, Object.class), "v"));
        writes.put(prefix + "h:4", new Write("hset", types(Object.class, Object.class, Object.class), "f", "v"));
        writes.put(
                prefix + "l:5", new Write("rpush", types(Object.class, Object[].class), (Object) new Object[] {"a"}));
        writes.put(
                prefix + "set:6", new Write("sadd", types(Object.class, Object[].class), (Object) new Object[] {"a"}));
        writes.put(prefix + "z:7", new Write("zadd", types(Object.class, double.class, Object.class), 1.0, "a"));
        writes.put(prefix + "x:8", new Write("xadd", types(Object.class, Map.class), Map.of("f", "v")));
        writes.put(
                prefix + "hll:9", new Write("pfadd", types(Object.class, Object[].class), (Object) new Object[] {"a"}));
        return writes;
    }

    private static Class<?>[] types(Class<?>... types) {
        return types;
    }

    /** Runs the write on one of the views (sync, async or reactive) and waits for its reply. */
    private static Object run(Object view, Class<?> viewType, String key, Write write) throws Exception {
        Object[] args = new Object[write.rest().length + 1];
        args[0] = key;
        System.arraycopy(write.rest(), 0, args, 1, write.rest().length);
        return await(invoke(view, viewType.getMethod(write.method(), write.types()), args));
    }

    private static Object invoke(Object view, java.lang.reflect.Method method, Object[] args) throws Exception {
        try {
            return method.invoke(view, args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getTargetException();
        }
    }

    private static Object await(Object reply) throws Exception {
        if (reply instanceof RedisFuture<?> future) {
            try {
                return future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
        }
        if (reply instanceof Publisher<?> publisher) {
            return Flux.from(publisher).collectList().block(Duration.ofSeconds(30));
        }
        return reply;
    }

    private static void writeAll(StatefulRedisClusterConnection<String, String> connection, String api)
            throws Exception {
        Object view;
        Class<?> viewType;
        switch (api) {
            case "sync" -> {
                view = connection.sync();
                viewType = RedisAdvancedClusterCommands.class;
            }
            case "async" -> {
                view = connection.async();
                viewType = RedisAdvancedClusterAsyncCommands.class;
            }
            default -> {
                view = connection.reactive();
                viewType = RedisAdvancedClusterReactiveCommands.class;
            }
        }
        for (Map.Entry<String, Write> write : writes(api + ":").entrySet()) {
            run(view, viewType, write.getKey(), write.getValue());
        }
        // One MSET over keys of all three nodes: Lettuce splits it by slot, each part is guarded.
        Map<String, String> mset = new LinkedHashMap<>();
        for (String key : msetKeys(api)) {
            mset.put(key, "v");
        }
        await(invoke(view, viewType.getMethod("mset", Map.class), new Object[] {mset}));
    }

    private static List<String> msetKeys(String api) {
        return List.of(api + ":m:{a}", api + ":m:{b}", api + ":m:{c}", api + ":m:{d}");
    }

    @Test
    void writesOfEveryKind_throughSyncAsyncAndReactive_getTheirTtlOnTheNodeThatHoldsTheKey_whereRawOnesDoNot()
            throws Exception {
        for (String api : List.of("sync", "async", "reactive")) {
            Set<String> keys = new HashSet<>(writes(api + ":").keySet());
            keys.addAll(msetKeys(api));
            Set<RedisServer> holders = new HashSet<>();
            for (String key : keys) {
                holders.add(cluster.masterOf(key));
            }
            assertThat(holders).as("the %s keys spread over the nodes", api).hasSize(3);

            cluster.flushAll();
            try (StatefulRedisClusterConnection<String, String> raw = client.connect()) {
                writeAll(raw, api);
            }
            for (String key : keys) {
                assertThat(pttl(key)).as("raw %s", key).isEqualTo(-1);
            }

            cluster.flushAll();
            try (RedisGuard guard = guard();
                    StatefulRedisClusterConnection<String, String> guarded = LettuceGuard.connect(client, guard)) {
                writeAll(guarded, api);
            }
            for (String key : keys) {
                assertThat(pttl(key)).as("guarded %s", key).isPositive();
            }
        }
    }

    @Test
    void rewrittenWrites_goStraightToTheNodeThatHoldsTheKey_withoutMovedRedirects() {
        List<String> keys = List.of("h:{a}", "h:{b}", "h:{c}", "h:{d}", "h:{e}", "h:{f}");
        Set<RedisServer> holders = new HashSet<>();
        keys.forEach(key -> holders.add(cluster.masterOf(key)));
        assertThat(holders).hasSize(3);
        try (RedisGuard guard = guard();
                StatefulRedisClusterConnection<String, String> guarded = LettuceGuard.connect(client, guard)) {
            long moved = movedReplies();
            for (String key : keys) {
                assertThat(guarded.sync().hset(key, "f", "v")).isTrue(); // sent as a TTL script, not as HSET
                assertThat(guarded.sync().set(key + ":s", "v")).isEqualTo("OK"); // sent as SET ... PX
            }
            assertThat(movedReplies()).as("MOVED replies the nodes sent").isEqualTo(moved);
            assertThat(calls("eval")).as("the HSETs ran as scripts").isGreaterThanOrEqualTo(keys.size());
        }
        for (String key : keys) {
            assertThat(pttl(key)).as(key).isPositive();
            assertThat(pttl(key + ":s")).as(key).isPositive();
        }
    }

    @Test
    void compressedValues_readBackWholeThroughEveryView_andThroughAnMgetLettuceSplitsBySlot() {
        String value = CompressionScenarios.json(4096);
        try (RedisGuard guard = guard(ClusterScenarios.compressingBlobs());
                StatefulRedisClusterConnection<String, String> guarded = LettuceGuard.connect(client, guard);
                StatefulRedisClusterConnection<String, String> raw = client.connect()) {
            String[] keys = new String[12];
            for (int i = 0; i < keys.length; i++) {
                String key = "blob:" + i;
                keys[i] = key;
                guarded.sync().set(key, value);
                assertThat(raw.sync().get(key)).as("what a raw client reads").isNotEqualTo(value);
                assertThat(guarded.sync().get(key)).isEqualTo(value);
                assertThat(guarded.async().get(key).toCompletableFuture().join())
                        .isEqualTo(value);
                assertThat(guarded.reactive().get(key).block()).isEqualTo(value);
            }
            // MGET across slots: Lettuce splits it by slot, each part's reply is decompressed.
            assertThat(guarded.sync().mget(keys))
                    .allSatisfy(kv -> assertThat(kv.getValue()).isEqualTo(value));
        }
    }

    /**
     * What a framework that opens and pools its own cluster connections does (the Spring Boot starter): one set of
     * node breakers for the cluster, every connection wrapped with it. Writes get their TTLs on every node, a full node
     * sheds the writes of any wrapped connection without an OOM reply, closing a wrapped connection leaves the set to
     * its owner, and closing the set stops the node's sampler.
     */
    @Test
    void
            wrappedClusterConnections_shareOneSetOfNodeBreakers_aFullNodeShedsTheirWrites_theSetStopsItsSamplersWhenClosed()
                    throws Exception {
        RedisServer full = cluster.masterOf("{full}");
        full.call("CONFIG", "SET", "maxmemory", String.valueOf(8L * 1024 * 1024));
        full.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
        long clientsBefore = connectedClients(full);
        RedisGuard guard = guard();
        ClusterNodeGuards nodes = LettuceGuard.clusterNodes(client, guard);
        try {
            StatefulRedisClusterConnection<String, String> first = LettuceGuard.wrap(client.connect(), guard, nodes);
            StatefulRedisClusterConnection<String, String> second = LettuceGuard.wrap(client.connect(), guard, nodes);
            Set<RedisServer> holders = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                first.sync().set("wrapped:" + i, "v");
                second.async().hset("wrapped:h" + i, "f", "v").get(10, TimeUnit.SECONDS);
                holders.add(cluster.masterOf("wrapped:" + i));
                assertThat(pttl("wrapped:" + i)).as("wrapped:%d", i).isPositive();
                assertThat(pttl("wrapped:h" + i)).as("wrapped:h%d", i).isPositive();
            }
            assertThat(holders).as("the keys spread over the nodes").hasSize(3);
            first.close(); // the set is the caller's: the other connection keeps its breakers

            shedWithoutOom(second);

            assertThatThrownBy(() -> LettuceGuard.wrap(second, guard, nodes))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("guarded already");
            try (RedisGuard other = guard();
                    StatefulRedisClusterConnection<String, String> raw = client.connect()) {
                assertThatThrownBy(() -> LettuceGuard.wrap(raw, other, nodes))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("same guard");
            }
            second.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connectedClients(full))
                    .as("the node's clients with the wrapped connections closed: the sampler stays")
                    .isEqualTo(clientsBefore + 1));

            nodes.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(connectedClients(full))
                    .as("the node's clients with the set closed")
                    .isEqualTo(clientsBefore));
            try (StatefulRedisClusterConnection<String, String> raw = client.connect()) {
                assertThatThrownBy(() -> LettuceGuard.wrap(raw, guard, nodes))
                        .isInstanceOf(IllegalStateException.class);
            }
        } finally {
            nodes.close(); // idempotent
            guard.close();
            full.call("CONFIG", "SET", "maxmemory", "0");
        }
    }

    /** SETs 1 KB values to {@code {full}:i} until one is shed; asserts that no OOM reply came before it. */
    private static WriteShedException shedWithoutOom(StatefulRedisClusterConnection<String, String> connection) {
        String value = "c".repeat(1024);
        WriteShedException shed = null;
        int oom = 0;
        for (int i = 0; i < 20_000 && shed == null; i++) {
            try {
                connection.sync().set("{full}:" + i, value);
            } catch (WriteShedException e) {
                shed = e;
            } catch (RedisCommandExecutionException e) {
                oom++;
            }
        }
        assertThat(oom).as("OOM replies through the guard").isZero();
        assertThat(shed).as("the full node's writes were shed").isNotNull();
        return shed;
    }

    private static long connectedClients(RedisServer server) {
        return Long.parseLong(server.info("clients").get("connected_clients"));
    }

    @Test
    void nodeConnections_areHandedOutGuarded_andNodeSelectionsAreRefusedLoudly() {
        RedisServer node = cluster.masterOf("n:{a}");
        String nodeId = String.valueOf(node.call("CLUSTER", "MYID"));
        try (RedisGuard guard = guard();
                StatefulRedisClusterConnection<String, String> guarded = LettuceGuard.connect(client, guard);
                StatefulRedisClusterConnection<String, String> raw = client.connect()) {
            raw.getConnection(nodeId).sync().set("n:{a}:raw", "v");
            assertThat(pttl("n:{a}:raw")).isEqualTo(-1);

            StatefulRedisConnection<String, String> byId = guarded.getConnection(nodeId);
            byId.sync().set("n:{a}:1", "v");
            guarded.getConnection(node.host(), node.port()).sync().hset("n:{a}:2", "f", "v");
            guarded.sync().getConnection(nodeId).set("n:{a}:3", "v");
            guarded.async()
                    .getConnection(nodeId)
                    .set("n:{a}:4", "v")
                    .toCompletableFuture()
                    .join();
            guarded.reactive().getConnection(nodeId).set("n:{a}:5", "v").block();
            guarded.getConnectionAsync(nodeId).join().sync().set("n:{a}:6", "v");
            for (int i = 1; i <= 6; i++) {
                assertThat(pttl("n:{a}:" + i)).as("n:{a}:%d", i).isPositive();
            }

            assertThat(raw.sync().upstream().commands().dbsize()).isNotEmpty(); // what a raw connection allows
            assertThatThrownBy(() -> guarded.sync().upstream())
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("getConnection(nodeId)");
            assertThatThrownBy(() -> guarded.async().upstream()).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> guarded.sync().nodes(n -> true)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> guarded.async().readonly(n -> true))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void aConfiguredLocalTier_isNotUsedOnClusterConnections_readsGoToRedis_andSeeOtherClientsWrites() {
        GuardConfig config = GuardConfig.builder()
                .defaultTtl(Duration.ofMinutes(10))
                .localTier(LocalTierConfig.builder()
                        .enabled(true)
                        .pattern("product:*")
                        .build())
                .build();
        try (RedisGuard guard = guard(config);
                StatefulRedisClusterConnection<String, String> guarded = LettuceGuard.connect(client, guard);
                StatefulRedisClusterConnection<String, String> raw = client.connect()) {
            raw.sync().set("product:1", "v1");
            long before = calls("get");
            for (int i = 0; i < 5; i++) {
                assertThat(guarded.sync().get("product:1")).isEqualTo("v1");
            }
            assertThat(calls("get") - before)
                    .as("GETs the nodes ran for 5 reads")
                    .isEqualTo(5);
            raw.sync().set("product:1", "v2");
            assertThat(guarded.sync().get("product:1")).isEqualTo("v2");
        }
    }

    private static long movedReplies() {
        long sum = 0;
        for (RedisServer master : cluster.masters()) {
            sum += errors(master, "MOVED");
        }
        return sum;
    }

    /** Error replies of one kind a node sent (INFO errorstats). */
    private static long errors(RedisServer server, String prefix) {
        String entry = server.info("errorstats").get("errorstat_" + prefix);
        return entry == null
                ? 0
                : Long.parseLong(entry.substring(entry.indexOf("count=") + 6).trim());
    }

    /** Calls of a command summed over the nodes (INFO commandstats). */
    private static long calls(String command) {
        long sum = 0;
        for (RedisServer master : cluster.masters()) {
            sum += master.calls(command);
        }
        return sum;
    }
}
