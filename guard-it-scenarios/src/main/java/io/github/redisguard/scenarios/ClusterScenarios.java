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
import io.github.redisguard.codec.Compression;
import io.github.redisguard.scenarios.AdapterUnderTest.Client;
import io.github.redisguard.scenarios.AdapterUnderTest.Command;
import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisErrorReply;
import io.github.redisguard.test.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The guarded cluster client of an adapter on a real 3-master Redis Cluster: every write gets its TTL on the node
 * that holds its key; values are compressed and read back on every node; a full node sheds its own writes while the
 * others take theirs; a slot in migration ({@code ASK}, then {@code MOVED}) still gets guarded writes, with their
 * TTL, on the node it moves to. The raw cluster client of the same library, same setup, shows what each prevents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClusterScenarios {

    private @Nullable RedisCluster cluster;

    /** Returns the adapter the scenarios run against. */
    protected abstract AdapterUnderTest adapter();

    @BeforeAll
    void startCluster() {
        cluster = RedisCluster.start(3);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void flushCluster() {
        cluster().flushAll();
    }

    /** The cluster of this class's scenarios, flushed before each test. */
    protected RedisCluster cluster() {
        return Objects.requireNonNull(cluster, "cluster");
    }

    /** A guard of {@code config} with meters of its own. */
    public static RedisGuard guard(GuardConfig config) {
        return RedisGuard.builder(config)
                .meterRegistry(new SimpleMeterRegistry())
                .build();
    }

    /** A guard with a default TTL of ten minutes. */
    public static RedisGuard guard() {
        return guard(GuardConfig.builder().defaultTtl(Duration.ofMinutes(10)).build());
    }

    /** A default TTL of ten minutes, and {@code blob:*} values of 64 bytes or more compressed with LZ4. */
    public static GuardConfig compressingBlobs() {
        return GuardConfig.builder()
                .defaultTtl(Duration.ofMinutes(10))
                .rule(KeyRule.builder("blob:*")
                        .compression(Compression.lz4(DataSize.ofBytes(64)))
                        .build())
                .build();
    }

    /** The key's TTL in milliseconds, asked of the node that holds it. */
    protected long pttl(String key) {
        return (Long) Objects.requireNonNull(cluster().masterOf(key).call("PTTL", key));
    }

    /** How often {@code server} answered a command with {@code MOVED} or {@code ASK} (INFO errorstats). */
    protected static long redirects(RedisServer server, String kind) {
        String entry = server.info("errorstats").get("errorstat_" + kind);
        return entry == null ? 0 : Long.parseLong(entry.substring(entry.indexOf("count=") + 6));
    }

    /**
     * Waits until every master answers for {@code key} as {@code owner} now holds its slot: the owner serves it, every
     * other master replies {@code MOVED} to the owner (a node that still answered with the old owner would bounce the
     * client's redirects back and forth).
     */
    private void awaitOwner(String key, RedisServer owner) {
        String address = owner.host() + ":" + owner.port();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (RedisServer master : cluster().masters()) {
                if (master == owner) {
                    assertThat(master.call("EXISTS", key)).isEqualTo(1L);
                } else {
                    assertThatThrownBy(() -> master.call("EXISTS", key))
                            .isInstanceOf(RedisErrorReply.class)
                            .hasMessageContaining("MOVED")
                            .hasMessageEndingWith(address);
                }
            }
        });
    }

    /** One write of each kind the catalogue gives a TTL, each to its own key; the keys spread over the nodes. */
    private static List<Command> writes() {
        return List.of(
                Command.of("SET", "s:1", "v"),
                Command.of("INCR", "n:2"),
                Command.of("APPEND", "a:3", "v"),
                Command.of("HSET", "h:4", "f", "v"),
                Command.of("RPUSH", "l:5", "a", "b"),
                Command.of("SADD", "set:6", "a"),
                Command.of("ZADD", "z:7", "1", "a"),
                Command.of("XADD", "x:8", "*", "f", "v"),
                Command.of("PFADD", "hll:9", "a"),
                Command.of("MSET", "{t}:10", "v", "{t}:11", "v"));
    }

    private static void writeAll(Client client) {
        for (Command write : writes()) {
            client.call(write.name(), write.arguments());
        }
    }

    private Set<String> keys() {
        Set<String> keys = new HashSet<>(List.of("{t}:11"));
        for (Command write : writes()) {
            keys.add((String) write.arguments()[0]);
        }
        return keys;
    }

    @Test
    void writesOfEveryKind_getTheirTtlOnTheNodeThatHoldsTheKey_whereRawOnesDoNot() {
        Set<RedisServer> holders = new HashSet<>();
        for (String key : keys()) {
            holders.add(cluster().masterOf(key));
        }
        assertThat(holders).as("the keys spread over the nodes").hasSize(3);

        try (Client raw = adapter().rawCluster(cluster())) {
            writeAll(raw);
        }
        for (String key : keys()) {
            assertThat(pttl(key)).as("raw %s", key).isEqualTo(-1);
        }

        cluster().flushAll();
        try (RedisGuard guard = guard();
                Client guarded = adapter().guardedCluster(cluster(), guard)) {
            writeAll(guarded);
        }
        for (String key : keys()) {
            assertThat(pttl(key)).as("guarded %s", key).isPositive();
        }
    }

    @Test
    void compressedValues_areStoredCompressedOnEveryNode_andReadBackWhole() {
        String value = CompressionScenarios.json(4096);
        try (RedisGuard guard = guard(compressingBlobs());
                Client guarded = adapter().guardedCluster(cluster(), guard)) {
            Set<RedisServer> holders = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                String key = "blob:" + i;
                guarded.call("SET", key, value);
                RedisServer holder = cluster().masterOf(key);
                holders.add(holder);
                assertThat((Long) holder.call("STRLEN", key)).as(key).isLessThan(value.length() / 4L);
                assertThat(Replies.text(guarded.call("GET", key))).isEqualTo(value);
                assertThat(Replies.texts(guarded.call("MGET", key))).containsExactly(value);
            }
            assertThat(holders).hasSize(3);
        }
    }

    @Test
    void aFullNodeShedsItsWrites_whileAnotherNodeTakesItsWrites_andTheRawClientGetsOomThere() {
        RedisServer full = cluster().masterOf("{full}");
        String elsewhere = "{elsewhere}";
        for (int i = 0; cluster().masterOf(elsewhere) == full; i++) {
            elsewhere = "{elsewhere" + i + "}";
        }
        full.call("CONFIG", "SET", "maxmemory", String.valueOf(8L * 1024 * 1024));
        full.call("CONFIG", "SET", "maxmemory-policy", "noeviction");
        String value = "c".repeat(1024);
        try (RedisGuard guard = guard();
                Client guarded = adapter().guardedCluster(cluster(), guard)) {
            WriteShedException shed = null;
            int oom = 0;
            for (int i = 0; i < 20_000 && shed == null; i++) {
                try {
                    guarded.call("SET", "{full}:" + i, value);
                } catch (WriteShedException e) {
                    shed = e;
                } catch (RuntimeException e) {
                    if (String.valueOf(e.getMessage()).startsWith("OOM")) {
                        oom++;
                    } else {
                        throw e;
                    }
                }
            }
            assertThat(oom).as("OOM replies through the guard").isZero();
            assertThat(shed).as("the full node's writes were shed").isNotNull();
            assertThat(shed.reason()).isEqualTo(WriteShedException.Reason.MEMORY);
            assertThat(Replies.text(guarded.call("SET", elsewhere + ":1", value)))
                    .isEqualTo("OK");
            assertThat(pttl(elsewhere + ":1"))
                    .as("another node takes its writes")
                    .isPositive();

            try (Client raw = adapter().rawCluster(cluster())) {
                RuntimeException rawOom = null;
                for (int i = 0; i < 20_000 && rawOom == null; i++) {
                    try {
                        raw.call("SET", "{full}:raw:" + i, value);
                    } catch (RuntimeException e) {
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
    void aSlotBeingMigrated_askAndThenMovedRedirectsAreFollowed_andGuardedWritesLandWithTheirTtlOnTheTarget() {
        String tag = "{moving}";
        List<RedisServer> masters = cluster().masters();
        RedisServer source = cluster().masterOf(tag);
        RedisServer target = masters.get((masters.indexOf(source) + 1) % masters.size());
        String slot = String.valueOf(source.call("CLUSTER", "KEYSLOT", tag));
        String sourceId = String.valueOf(source.call("CLUSTER", "MYID"));
        String targetId = String.valueOf(target.call("CLUSTER", "MYID"));
        long asks = redirects(source, "ASK");
        long moves = redirects(source, "MOVED");
        try (RedisGuard guard = guard();
                Client guarded = adapter().guardedCluster(cluster(), guard)) {
            guarded.call("SET", tag + ":before", "v"); // the client now routes the slot to the source
            target.call("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId);
            source.call("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);

            // Keys the source does not have are answered with ASK: ASKING, then the guarded write, on the target.
            guarded.call("SET", tag + ":s", "v");
            guarded.call("HSET", tag + ":h", "f", "v"); // a collection write: the write and its TTL in one script
            assertThat(redirects(source, "ASK")).isGreaterThan(asks);

            source.call("MIGRATE", target.host(), String.valueOf(target.port()), tag + ":before", "0", "5000");
            for (RedisServer master : masters) {
                master.call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
            }
            awaitOwner(tag + ":s", target); // every node agrees before the client is redirected
            // The client still routes the slot to the source, which now answers MOVED.
            assertThat(Replies.text(guarded.call("GET", tag + ":s"))).isEqualTo("v");
            guarded.call("SET", tag + ":after", "v");
            assertThat(redirects(source, "MOVED")).isGreaterThan(moves);
        }
        for (String key : List.of(":before", ":s", ":h", ":after")) {
            assertThat((Long) target.call("PTTL", tag + key)).as(key).isPositive();
        }
    }
}
