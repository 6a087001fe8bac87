/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.scenarios.AdapterUnderTest.Command;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local tier against a real server, with two independent guarded clients of the adapter (each its own guard and
 * tier, as two application instances): what one writes, the other sees once its tracking connection received the
 * invalidation, and never later; own writes (plain, pipelined, in a transaction) invalidate before they return; a
 * key's TTL end is never served past; a killed tracking connection flushes the tier and reads stay correct.
 *
 * <p>The adapter's tracking connection must be named {@value #TRACKING_CLIENT_NAME} in {@code CLIENT LIST}.
 */
@RedisTest(args = {"--enable-debug-command", "yes"})
public abstract class LocalTierScenarios {

    /** The name of the adapters' tracking connections. */
    public static final String TRACKING_CLIENT_NAME = "redis-guard-tracking";

    /** How long a change may take to reach the other client's tier in these tests (a bound, not a measurement). */
    protected static final Duration BOUND = Duration.ofSeconds(10);

    private final List<AutoCloseable> closing = new ArrayList<>();

    private @Nullable RedisServer server;

    private AdapterUnderTest.@Nullable Client raw;

    /** Returns the adapter the scenarios run against. */
    protected abstract AdapterUnderTest adapter();

    /** One application instance: its own guard (with the tier on product:*), meters and guarded client. */
    protected final class App {
        public final SimpleMeterRegistry registry = new SimpleMeterRegistry();

        public final RedisGuard guard;

        public final AdapterUnderTest.Client client;

        App(LocalTierConfig local) {
            guard = RedisGuard.builder(GuardConfig.builder()
                            .defaultTtl(Duration.ofMinutes(10))
                            .localTier(local)
                            .build())
                    .meterRegistry(registry)
                    .build();
            client = adapter().guarded(server(), guard);
            closing.add(() -> {
                client.close();
                guard.close();
            });
        }

        public @Nullable String get(String key) {
            return Replies.text(client.call("GET", key));
        }

        double counter(String name, String... tags) {
            var counter = registry.find(name).tags(tags).counter();
            return counter == null ? 0 : counter.count();
        }

        public double hits() {
            return counter("redis.guard.local.hits");
        }

        public double serverInvalidations() {
            return counter("redis.guard.local.invalidations", "source", "server");
        }

        public double flushes() {
            return counter("redis.guard.local.invalidations", "source", "flush");
        }
    }

    /** Opens one more application instance with the tier on {@code product:*}. */
    protected App app() {
        return new App(LocalTierConfig.builder()
                .enabled(true)
                .pattern("product:*")
                .maxStaleness(Duration.ofMinutes(5)) // long: these tests must pass by invalidation, not by expiry
                .build());
    }

    protected RedisServer server() {
        return Objects.requireNonNull(server, "server");
    }

    protected AdapterUnderTest.Client raw() {
        return Objects.requireNonNull(raw, "raw");
    }

    @BeforeEach
    void open(RedisServer server) {
        this.server = server;
        server.flushAll();
        raw = adapter().raw(server);
        closing.add(raw);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        closing.clear();
        server().call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
    }

    @Test
    void repeatedRead_isServedFromMemory_withoutSendingAnything() {
        raw().call("SET", "product:1", "v1"); // before B tracks: a late push for it cannot drop B's entry
        App b = app();

        assertThat(b.get("product:1")).isEqualTo("v1");
        long evals = calls("eval");
        long gets = calls("get");
        for (int i = 0; i < 100; i++) {
            assertThat(b.get("product:1")).isEqualTo("v1");
        }

        assertThat(calls("eval")).isEqualTo(evals);
        assertThat(calls("get")).isEqualTo(gets);
        assertThat(b.hits()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void keysOutsideThePatterns_areReadFromRedisEveryTime() {
        App b = app();
        raw().call("SET", "user:1", "u");
        long gets = calls("get");

        for (int i = 0; i < 5; i++) {
            assertThat(b.get("user:1")).isEqualTo("u");
        }

        assertThat(calls("get")).isEqualTo(gets + 5);
        assertThat(b.hits()).isZero();
    }

    @Test
    void otherClientsWrite_reachesB_andBsNextReadAfterTheInvalidationNeverReturnsTheOldValue() {
        App a = app();
        App b = app();
        a.client.call("SET", "product:1", "v1");
        assertThat(b.get("product:1")).isEqualTo("v1");
        assertThat(b.get("product:1")).isEqualTo("v1"); // cached
        double before = b.serverInvalidations();

        a.client.call("SET", "product:1", "v2");

        await().atMost(BOUND).until(() -> b.serverInvalidations() > before);
        assertThat(b.get("product:1")).isEqualTo("v2"); // no await: the very next read

        double beforeDelete = b.serverInvalidations();
        assertThat(b.get("product:1")).isEqualTo("v2"); // cached again
        a.client.call("DEL", "product:1");
        await().atMost(BOUND).until(() -> b.serverInvalidations() > beforeDelete);
        assertThat(b.get("product:1")).isNull();
    }

    @Test
    void hashesAndMget_areServedAndInvalidatedToo() {
        App a = app();
        App b = app();
        raw().call("HSET", "product:h", "name", "lamp", "price", "10");
        raw().call("SET", "product:s1", "one");

        assertThat(texts(Replies.map(b.client.call("HGETALL", "product:h"))))
                .isEqualTo(Map.of("name", "lamp", "price", "10"));
        assertThat(Replies.text(b.client.call("HGET", "product:h", "price"))).isEqualTo("10");
        assertThat(b.client.call("HGET", "product:h", "none")).isNull();
        assertThat(Replies.texts(b.client.call("MGET", "product:s1", "product:missing")))
                .containsExactly("one", null);
        double hits = b.hits();
        long sent = calls("mget") + calls("hget") + calls("eval");
        assertThat(Replies.texts(b.client.call("MGET", "product:s1", "product:missing")))
                .containsExactly("one", null);
        assertThat(Replies.text(b.client.call("HGET", "product:h", "name"))).isEqualTo("lamp");
        assertThat(b.hits()).isGreaterThan(hits);
        assertThat(calls("mget") + calls("hget") + calls("eval")).isEqualTo(sent);

        double before = b.serverInvalidations();
        a.client.call("HSET", "product:h", "price", "12");
        await().atMost(BOUND).until(() -> b.serverInvalidations() > before);
        assertThat(Replies.text(b.client.call("HGET", "product:h", "price"))).isEqualTo("12");
        assertThatThrownBy(() -> b.client.call("GET", "product:h"))
                .as("a GET of a cached hash goes to Redis, which answers WRONGTYPE")
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void ownWrite_invalidatesBeforeTheCallReturns_plainPipelinedAndInATransaction() {
        App b = app();
        b.client.call("SET", "product:1", "v1");
        assertThat(b.get("product:1")).isEqualTo("v1");

        b.client.call("SET", "product:1", "v2");
        assertThat(b.get("product:1")).isEqualTo("v2");

        b.client.pipelined(List.of(Command.of("SET", "product:1", "v3")));
        assertThat(b.get("product:1")).isEqualTo("v3");

        b.client.transaction(List.of(Command.of("SET", "product:1", "v4"), Command.of("HSET", "product:h", "f", "1")));
        assertThat(b.get("product:1")).isEqualTo("v4");
        assertThat(Replies.text(b.client.call("HGET", "product:h", "f"))).isEqualTo("1");
        b.client.transaction(List.of(Command.of("HSET", "product:h", "f", "2")));
        assertThat(Replies.text(b.client.call("HGET", "product:h", "f"))).isEqualTo("2");

        b.client.call("DEL", "product:1");
        assertThat(b.get("product:1")).isNull();

        b.client.call("SET", "product:1", "v5");
        assertThat(b.get("product:1")).isEqualTo("v5");
        b.client.call("PEXPIRE", "product:1", 0);
        assertThat(b.get("product:1")).isNull();
    }

    @Test
    void entryWhoseRedisTtlEnds_isNeverServedAfterThatInstant() {
        // Active expiry off: the server deletes the key (and reports it) only when someone touches it, and nobody
        // does: the tier must stop serving at the TTL's end on its own.
        server().call("DEBUG", "SET-ACTIVE-EXPIRE", "0");
        raw().call("SET", "product:ttl", "soon gone", "PX", 300);
        App b = app();
        long expireAt = Replies.integer(raw().call("PEXPIRETIME", "product:ttl"));
        assertThat(b.get("product:ttl")).isEqualTo("soon gone");

        int servedAfter = 0;
        int readsAfterExpiry = 0;
        while (readsAfterExpiry < 50) {
            long serverMillis = serverTimeMillis(); // TIME does not touch the key
            String value = b.get("product:ttl");
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
        App b = app();
        raw().call("SET", "product:1", "v1");
        assertThat(b.get("product:1")).isEqualTo("v1");
        assertThat(b.get("product:1")).isEqualTo("v1");
        double flushes = b.flushes();
        long killed = trackingClientId();

        server().call("CLIENT", "KILL", "ID", Long.toString(killed));
        raw().call("SET", "product:1", "v2"); // possibly while tracking is down: reported to nobody

        await().atMost(BOUND).until(() -> b.flushes() > flushes);
        assertThat(b.get("product:1")).isEqualTo("v2");
        await().atMost(BOUND).until(() -> {
            Long id = trackingClientIdOrNull();
            return id != null && id != killed;
        });

        // Tracking is back: the tier serves again, and invalidations flow again.
        await().atMost(BOUND).until(() -> "v2".equals(b.get("product:1")) && cachedRead(b));
        double before = b.serverInvalidations();
        raw().call("SET", "product:1", "v3");
        await().atMost(BOUND).until(() -> b.serverInvalidations() > before);
        assertThat(b.get("product:1")).isEqualTo("v3");
    }

    @Test
    void flushdb_clearsTheTier() {
        App b = app();
        raw().call("SET", "product:1", "v1");
        assertThat(b.get("product:1")).isEqualTo("v1");
        double flushes = b.flushes();

        raw().call("FLUSHDB");

        await().atMost(BOUND).until(() -> b.flushes() > flushes);
        assertThat(b.get("product:1")).isNull();
    }

    /** Whether the next read of product:1 is a hit. */
    private static boolean cachedRead(App b) {
        double hits = b.hits();
        b.get("product:1");
        return b.hits() > hits;
    }

    private static Map<String, String> texts(Map<String, byte[]> map) {
        Map<String, String> out = new java.util.TreeMap<>();
        map.forEach((k, v) -> out.put(k, Replies.text(v)));
        return out;
    }

    private long serverTimeMillis() {
        List<@Nullable String> time = Replies.texts(raw().call("TIME"));
        return Long.parseLong(Objects.requireNonNull(time.get(0))) * 1000
                + Long.parseLong(Objects.requireNonNull(time.get(1))) / 1000;
    }

    /** Returns the id of the (one) tracking connection of the server. */
    protected long trackingClientId() {
        Long id = trackingClientIdOrNull();
        assertThat(id).as("a tracking connection").isNotNull();
        return Objects.requireNonNull(id);
    }

    protected @Nullable Long trackingClientIdOrNull() {
        String list = String.valueOf(server().call("CLIENT", "LIST"));
        for (String line : list.split("\n")) {
            if (line.contains(" name=" + TRACKING_CLIENT_NAME + " ")) {
                String id = line.substring(line.indexOf("id=") + 3);
                return Long.parseLong(id.substring(0, id.indexOf(' ')));
            }
        }
        return null;
    }

    /** Returns how often the server executed {@code command} (INFO commandstats), to prove nothing was sent. */
    protected long calls(String command) {
        return server().calls(command);
    }
}
