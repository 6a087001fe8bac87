/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.NodeGuard;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local tier against a real server, with two independent guarded clients (each its own RedisClient, guard and
 * tier): what one writes, the other sees once its tracking connection received the invalidation, and never later.
 * Here the clients speak RESP3 (invalidate pushes); {@link LocalTierResp2IT} and {@link LocalTierHelloRefusedIT} run
 * the same tests over RESP2 (pub/sub messages on {@code __redis__:invalidate}, REDIRECT).
 */
@RedisTest(args = {"--enable-debug-command", "yes"})
class LocalTierIT {

    /** How long a change may take to reach the other client's tier in these tests (a bound, not a measurement). */
    private static final Duration BOUND = Duration.ofSeconds(10);

    final RedisServer server;

    private final List<AutoCloseable> closing = new ArrayList<>();

    StatefulRedisConnection<String, String> raw;

    LocalTierIT(RedisServer server) {
        this.server = server;
    }

    /** One application instance: its own client, guard (with the tier on product:*) and guarded connection. */
    final class App {
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        final RedisClient client = client();

        final RedisGuard guard;

        final StatefulRedisConnection<String, String> connection;

        App(LocalTierConfig local) {
            guard = RedisGuard.builder(GuardConfig.builder()
                            .defaultTtl(Duration.ofMinutes(10))
                            .localTier(local)
                            .build())
                    .meterRegistry(registry)
                    .build();
            connection = LettuceGuard.connect(client, RedisURI.create(server.uri()), guard);
            closing.add(() -> {
                connection.close();
                guard.close();
                client.shutdown();
            });
        }

        double counter(String name, String... tags) {
            var counter = registry.find(name).tags(tags).counter();
            return counter == null ? 0 : counter.count();
        }

        double hits() {
            return counter("redis.guard.local.hits");
        }

        double serverInvalidations() {
            return counter("redis.guard.local.invalidations", "source", "server");
        }

        double flushes() {
            return counter("redis.guard.local.invalidations", "source", "flush");
        }
    }

    /** The client options of the guarded clients (the protocol). */
    ClientOptions clientOptions() {
        return ClientOptions.create();
    }

    /** The name of the connection the invalidations arrive on. */
    String invalidationConnectionName() {
        return LettuceTracking.CLIENT_NAME;
    }

    RedisClient client() {
        RedisClient client = RedisClient.create(server.uri());
        client.setOptions(clientOptions());
        return client;
    }

    static LocalTierConfig tier() {
        return LocalTierConfig.builder()
                .enabled(true)
                .pattern("product:*")
                .maxStaleness(Duration.ofMinutes(5)) // long: these tests must pass by invalidation, not by expiry
                .build();
    }

    @BeforeEach
    void connect() {
        RedisClient client = RedisClient.create(server.uri());
        raw = client.connect();
        closing.add(client::shutdown);
        raw.sync().flushall();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        closing.clear();
        server.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
    }

    @Test
    void repeatedRead_isServedFromMemory_withoutSendingAnything() {
        // Written before B tracks: the push for a write made just before a load may arrive after the load and
        // (rightly) drop its entry, which would make this count one load more.
        raw.sync().set("product:1", "v1");
        App b = new App(tier());

        assertThat(b.connection.sync().get("product:1")).isEqualTo("v1");
        long evals = calls("eval");
        long gets = calls("get");
        for (int i = 0; i < 100; i++) {
            assertThat(b.connection.sync().get("product:1")).isEqualTo("v1");
            assertThat(b.connection
                            .async()
                            .get("product:1")
                            .toCompletableFuture()
                            .join())
                    .isEqualTo("v1");
            assertThat(b.connection.reactive().get("product:1").block()).isEqualTo("v1");
        }

        assertThat(calls("eval")).isEqualTo(evals);
        assertThat(calls("get")).isEqualTo(gets);
        assertThat(b.hits()).isGreaterThanOrEqualTo(300);
    }

    @Test
    void wrapWithTheCallersTier_servesFromMemory_andTheTierOutlivesItsConnections() {
        raw.sync().set("product:1", "v1");
        RedisClient client = client();
        RedisURI uri = RedisURI.create(server.uri());
        RedisGuard guard = RedisGuard.builder(GuardConfig.builder()
                        .localTier(tier())
                        .memory(MemoryConfig.builder().enabled(false).build())
                        .build())
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        NodeGuard node = guard.commandGuard().node(server.host() + ":" + server.port(), () -> {
            throw new AssertionError("the breaker is off: no sampler");
        });
        LocalTier tier = LettuceGuard.localTier(client, uri, guard);
        closing.add(() -> {
            tier.close();
            node.close();
            guard.close();
            client.shutdown();
        });
        StatefulRedisConnection<String, String> first = LettuceGuard.wrap(client.connect(uri), guard, node, tier);
        assertThat(first.sync().get("product:1")).isEqualTo("v1");
        long evals = calls("eval");
        long gets = calls("get");
        for (int i = 0; i < 10; i++) {
            assertThat(first.sync().get("product:1")).isEqualTo("v1");
        }
        assertThat(calls("eval")).isEqualTo(evals);
        assertThat(calls("get")).isEqualTo(gets);

        first.close(); // the caller's tier stays open, with its tracking connection
        assertThat(clientOrNull(invalidationConnectionName())).isNotNull();
        StatefulRedisConnection<String, String> second = LettuceGuard.wrap(client.connect(uri), guard, node, tier);
        closing.add(second::close);
        assertThat(second.sync().get("product:1")).isEqualTo("v1");
        raw.sync().set("product:1", "v2"); // maxStaleness is 5 min: only the invalidation can make the tier drop v1
        await().atMost(BOUND).until(() -> "v2".equals(second.sync().get("product:1")));

        tier.close();
        await().atMost(BOUND).until(() -> clientOrNull(invalidationConnectionName()) == null);
    }

    @Test
    void keysOutsideThePatterns_areReadFromRedisEveryTime() {
        App b = new App(tier());
        raw.sync().set("user:1", "u");
        long gets = calls("get");

        for (int i = 0; i < 5; i++) {
            assertThat(b.connection.sync().get("user:1")).isEqualTo("u");
        }

        assertThat(calls("get")).isEqualTo(gets + 5);
        assertThat(b.hits()).isZero();
    }

    @Test
    void otherClientsWrite_reachesB_andBsNextReadAfterTheInvalidationNeverReturnsTheOldValue() {
        // Written before B tracks: a late invalidation for this write could drop B's entry after `before` is read,
        // and the invalidation for v2 would then find nothing to drop.
        raw.sync().set("product:1", "v1");
        App a = new App(tier());
        App b = new App(tier());
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v1");
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v1"); // cached
        double before = b.serverInvalidations();

        a.connection.sync().set("product:1", "v2");

        await().atMost(BOUND).until(() -> b.serverInvalidations() > before);
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v2"); // no await: the very next read

        double beforeDelete = b.serverInvalidations();
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v2"); // cached again
        a.connection.sync().del("product:1");
        await().atMost(BOUND).until(() -> b.serverInvalidations() > beforeDelete);
        assertThat(b.connection.sync().get("product:1")).isNull();
    }

    @Test
    void oneInvalidationForSeveralKeys_dropsEveryOne() {
        // Written before B tracks, so that no late message for this write drops B's entries during the test.
        raw.sync().mset(Map.of("product:1", "v1", "product:2", "v1", "product:3", "v1"));
        App a = new App(tier());
        App b = new App(tier());
        for (int i = 1; i <= 3; i++) {
            assertThat(b.connection.sync().get("product:" + i)).isEqualTo("v1");
        }
        double before = b.serverInvalidations();

        // One command, one event-loop turn: the server sends the three keys in one message.
        a.connection.sync().mset(Map.of("product:1", "v2", "product:2", "v2", "product:3", "v2"));

        await().atMost(BOUND).until(() -> b.serverInvalidations() >= before + 3);
        for (int i = 1; i <= 3; i++) {
            assertThat(b.connection.sync().get("product:" + i)).isEqualTo("v2");
        }
    }

    @Test
    void hashesAndMget_areServedAndInvalidatedToo() {
        raw.sync().hset("product:h", Map.of("name", "lamp", "price", "10")); // before B tracks, as above
        raw.sync().set("product:s1", "one");
        App a = new App(tier());
        App b = new App(tier());

        assertThat(b.connection.sync().hgetall("product:h")).isEqualTo(Map.of("name", "lamp", "price", "10"));
        assertThat(b.connection.sync().hget("product:h", "price")).isEqualTo("10");
        assertThat(b.connection.sync().hget("product:h", "none")).isNull();
        assertThat(b.connection.sync().mget("product:s1", "product:missing"))
                .containsExactly(KeyValue.just("product:s1", "one"), KeyValue.empty("product:missing"));
        double hits = b.hits();
        assertThat(b.connection.sync().mget("product:s1", "product:missing"))
                .containsExactly(KeyValue.just("product:s1", "one"), KeyValue.empty("product:missing"));
        assertThat(b.connection.sync().hget("product:h", "name")).isEqualTo("lamp");
        assertThat(b.hits()).isGreaterThan(hits);

        double before = b.serverInvalidations();
        a.connection.sync().hset("product:h", "price", "12");
        await().atMost(BOUND).until(() -> b.serverInvalidations() > before);
        assertThat(b.connection.sync().hget("product:h", "price")).isEqualTo("12");
        assertThatThrownBy(() -> b.connection.sync().get("product:h"))
                .as("a GET of a cached hash goes to Redis, which answers WRONGTYPE")
                .isInstanceOf(RedisCommandExecutionException.class)
                .hasMessageStartingWith("WRONGTYPE");
    }

    @Test
    void ownWrite_invalidatesBeforeTheCallReturns() {
        App b = new App(tier());
        b.connection.sync().set("product:1", "v1");
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v1");

        b.connection.sync().set("product:1", "v2");
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v2");

        b.connection.async().set("product:1", "v3").toCompletableFuture().join();
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v3");

        b.connection.reactive().del("product:1").block();
        assertThat(b.connection.sync().get("product:1")).isNull();

        b.connection.sync().set("product:1", "v4");
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v4");
        b.connection.sync().pexpire("product:1", 0);
        assertThat(b.connection.sync().get("product:1")).isNull();
    }

    @Test
    void entryWhoseRedisTtlEnds_isNeverServedAfterThatInstant() {
        // Active expiry off: the server deletes the key (and reports it) only when someone touches it, and nobody
        // does: the tier must stop serving at the TTL's end on its own.
        server.call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        App b = new App(tier()); // first: setting up tracking must not eat into the key's 300 ms
        raw.sync().set("product:ttl", "soon gone", SetArgs.Builder.px(300));
        long expireAt = raw.sync().pexpiretime("product:ttl");
        assertThat(b.connection.sync().get("product:ttl")).isEqualTo("soon gone");

        int servedAfter = 0;
        int readsAfterExpiry = 0;
        while (readsAfterExpiry < 50) {
            long serverMillis = serverTimeMillis(); // TIME does not touch the key
            String value = b.connection.sync().get("product:ttl");
            if (serverMillis > expireAt) { // Redis: expired when now > expire time
                readsAfterExpiry++;
                if (value != null) {
                    servedAfter++;
                }
            }
        }

        assertThat(servedAfter).isZero();
        assertThat(b.hits())
                .as("the entry was served from memory before its end")
                .isPositive();
    }

    @Test
    void killingTheTrackingConnection_flushesTheTier_andReadsStayCorrect() {
        killingAConnection_flushesTheTier_andReadsStayCorrect(invalidationConnectionName());
    }

    void killingAConnection_flushesTheTier_andReadsStayCorrect(String name) {
        App b = new App(tier());
        raw.sync().set("product:1", "v1");
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v1");
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v1");
        double flushes = b.flushes();
        long killed = clientId(name);

        server.call("CLIENT", "KILL", "ID", Long.toString(killed));
        raw.sync().set("product:1", "v2"); // possibly while tracking is down: reported to nobody

        await().atMost(BOUND).until(() -> b.flushes() > flushes);
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v2");
        await().atMost(BOUND).until(() -> {
            Long id = clientIdOrNull(name);
            return id != null && id != killed;
        });

        // Tracking is back: invalidations flow again.
        await().atMost(BOUND).until(() -> "v2".equals(b.connection.sync().get("product:1")) && cachedRead(b));
        double before = b.serverInvalidations();
        raw.sync().set("product:1", "v3");
        await().atMost(BOUND).until(() -> b.serverInvalidations() > before);
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v3");
    }

    @Test
    void flushdb_clearsTheTier() {
        App b = new App(tier());
        raw.sync().set("product:1", "v1");
        assertThat(b.connection.sync().get("product:1")).isEqualTo("v1");
        double flushes = b.flushes();

        raw.sync().flushdb();

        await().atMost(BOUND).until(() -> b.flushes() > flushes);
        assertThat(b.connection.sync().get("product:1")).isNull();
    }

    @Test
    void stress_concurrentWritersAndReaders_noReadGoesBack_andNothingStaysStale() throws Exception {
        App a = new App(tier());
        App b = new App(tier());
        int keys = 8;
        int writes = 400;
        for (int k = 0; k < keys; k++) {
            raw.sync().set("product:" + k, "0");
        }
        raw.sync().set("product:fence", "0");
        assertThat(b.connection.sync().get("product:fence")).isEqualTo("0");
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(pool.submit(() -> {
                    long[] seen = new long[keys];
                    int reads = 0;
                    while (writing.get()) {
                        for (int k = 0; k < keys; k++) {
                            String value = k % 2 == 0
                                    ? b.connection.sync().get("product:" + k)
                                    : b.connection.async().get("product:" + k).get();
                            long version = Long.parseLong(value);
                            if (version < seen[k]) {
                                throw new AssertionError(
                                        "product:" + k + " went back from " + seen[k] + " to " + version);
                            }
                            seen[k] = version;
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int first = w;
                writers.add(pool.submit(() -> {
                    for (int i = 1; i <= writes; i++) {
                        for (int k = first; k < keys; k += 2) {
                            a.connection.sync().set("product:" + k, Integer.toString(i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            int reads = 0;
            for (Future<Integer> reader : readers) {
                reads += reader.get(1, TimeUnit.MINUTES);
            }
            assertThat(reads).isPositive();
        } finally {
            pool.shutdownNow();
        }

        // The fence is written last; pushes arrive in order on B's one tracking connection, so once B sees the new
        // fence, every earlier invalidation has arrived: each cached read must now equal the server's value.
        raw.sync().set("product:fence", "1");
        await().atMost(BOUND).until(() -> "1".equals(b.connection.sync().get("product:fence")));
        for (int k = 0; k < keys; k++) {
            assertThat(b.connection.sync().get("product:" + k))
                    .as("product:" + k)
                    .isEqualTo(Integer.toString(writes))
                    .isEqualTo(raw.sync().get("product:" + k));
        }
        assertThat(b.hits()).isPositive();
    }

    /** Whether the next read of product:1 is a hit. */
    private static boolean cachedRead(App b) {
        double hits = b.hits();
        b.connection.sync().get("product:1");
        return b.hits() > hits;
    }

    private long serverTimeMillis() {
        List<String> time = raw.sync().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    long clientId(String name) {
        Long id = clientIdOrNull(name);
        assertThat(id).as("a connection named " + name).isNotNull();
        return id;
    }

    @Nullable
    Long clientIdOrNull(String name) {
        Map<String, String> client = clientOrNull(name);
        return client == null ? null : Long.parseLong(client.get("id"));
    }

    /** The fields of the first connection named {@code name} in CLIENT LIST, or null. */
    @Nullable
    Map<String, String> clientOrNull(String name) {
        for (String line : raw.sync().clientList().split("\n")) {
            Map<String, String> fields = new HashMap<>();
            for (String field : line.trim().split(" ")) {
                int equals = field.indexOf('=');
                if (equals > 0) {
                    fields.put(field.substring(0, equals), field.substring(equals + 1));
                }
            }
            if (name.equals(fields.get("name"))) {
                return fields;
            }
        }
        return null;
    }

    private long calls(String command) {
        return server.calls(command);
    }
}
