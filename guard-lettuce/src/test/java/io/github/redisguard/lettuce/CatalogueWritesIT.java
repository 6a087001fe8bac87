/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import io.lettuce.core.BitFieldArgs;
import io.lettuce.core.GeoArgs;
import io.lettuce.core.GeoSearch;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Drives every write command of the catalogue through each of the guarded sync, async and reactive views, then asks
 * the server for the TTL of every key written: none may be left without one. That the same writes through the raw
 * connection leave keys without a TTL, and that the table covers the catalogue, is checked once for every adapter,
 * in {@link LettuceCatalogueWritesIT}.
 *
 * <p>The scenarios call the real API methods by reflection (sync, async and reactive share names and parameter
 * types), so one table serves all three views.
 */
@RedisTest
class CatalogueWritesIT {

    enum View {
        SYNC,
        ASYNC,
        REACTIVE
    }

    /** One write: how to prepare its source keys (raw, unguarded), which API method to call, with which arguments. */
    record Scenario(
            String command,
            BiConsumer<RedisCommands<String, String>, String> setup,
            String method,
            Class<?>[] types,
            Function<String, Object[]> args) {}

    private static final Class<?> K = Object.class;

    private static final Class<?> V = Object.class;

    private static RedisClient client;

    private static StatefulRedisConnection<String, String> raw;

    private static StatefulRedisConnection<String, String> guarded;

    @BeforeAll
    static void connect(RedisServer server) {
        client = RedisClient.create(server.uri());
        raw = client.connect();
        RedisGuard guard = RedisGuard.builder(
                        GuardConfig.builder().defaultTtl(Duration.ofMinutes(10)).build())
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        guarded = LettuceGuard.wrap(client.connect(), guard);
    }

    @AfterAll
    static void close() {
        guarded.close();
        raw.close();
        client.shutdown();
    }

    @BeforeEach
    void flush() {
        raw.sync().flushall();
    }

    static List<Scenario> scenarios() {
        List<Scenario> s = new ArrayList<>();
        BiConsumer<RedisCommands<String, String>, String> none = (r, p) -> {};
        // Whole-value strings
        s.add(new Scenario("SET", none, "set", types(K, V), p -> args(p + "t:set", "v")));
        s.add(new Scenario(
                "SET",
                none,
                "set",
                types(K, V, SetArgs.class),
                p -> args(p + "t:set-keepttl", "v", SetArgs.Builder.keepttl())));
        s.add(new Scenario(
                "SET", none, "set", types(K, V, SetArgs.class), p -> args(p + "t:set-nx", "v", SetArgs.Builder.nx())));
        s.add(new Scenario("SET", none, "setGet", types(K, V), p -> args(p + "t:set-get", "v")));
        s.add(new Scenario("SETEX", none, "setex", types(K, long.class, V), p -> args(p + "t:setex", 100L, "v")));
        s.add(new Scenario(
                "PSETEX", none, "psetex", types(K, long.class, V), p -> args(p + "t:psetex", 100_000L, "v")));
        s.add(new Scenario("SETNX", none, "setnx", types(K, V), p -> args(p + "t:setnx", "v")));
        s.add(new Scenario("GETSET", none, "getset", types(K, V), p -> args(p + "t:getset", "v")));
        s.add(new Scenario(
                "GETEX",
                (r, p) -> r.set(p + "t:getex", "v", SetArgs.Builder.ex(100)),
                "getex",
                types(K, GetExArgs.class),
                p -> args(p + "t:getex", GetExArgs.Builder.persist())));
        s.add(new Scenario(
                "MSET", none, "mset", types(Map.class), p -> args(map(p + "t:mset1", "a", p + "t:mset2", "b"))));
        s.add(new Scenario(
                "MSETNX",
                none,
                "msetnx",
                types(Map.class),
                p -> args(map(p + "t:msetnx1", "a", p + "t:msetnx2", "b"))));
        // Partial string writes and counters
        s.add(new Scenario("APPEND", none, "append", types(K, V), p -> args(p + "t:append", "v")));
        s.add(new Scenario(
                "SETRANGE", none, "setrange", types(K, long.class, V), p -> args(p + "t:setrange", 2L, "v")));
        s.add(new Scenario(
                "SETBIT", none, "setbit", types(K, long.class, int.class), p -> args(p + "t:setbit", 7L, 1)));
        s.add(new Scenario(
                "BITFIELD",
                none,
                "bitfield",
                types(K, BitFieldArgs.class),
                p -> args(p + "t:bitfield", BitFieldArgs.Builder.set(BitFieldArgs.unsigned(8), 0, 5))));
        s.add(new Scenario("INCR", none, "incr", types(K), p -> args(p + "t:incr")));
        s.add(new Scenario("INCRBY", none, "incrby", types(K, long.class), p -> args(p + "t:incrby", 5L)));
        s.add(new Scenario(
                "INCRBYFLOAT", none, "incrbyfloat", types(K, double.class), p -> args(p + "t:incrbyfloat", 1.5)));
        s.add(new Scenario("DECR", none, "decr", types(K), p -> args(p + "t:decr")));
        s.add(new Scenario("DECRBY", none, "decrby", types(K, long.class), p -> args(p + "t:decrby", 2L)));
        // Hashes
        s.add(new Scenario("HSET", none, "hset", types(K, K, V), p -> args(p + "t:hset", "f", "v")));
        s.add(new Scenario(
                "HSET", none, "hset", types(K, Map.class), p -> args(p + "t:hset-map", map("f1", "a", "f2", "b"))));
        s.add(new Scenario("HSETNX", none, "hsetnx", types(K, K, V), p -> args(p + "t:hsetnx", "f", "v")));
        s.add(new Scenario("HMSET", none, "hmset", types(K, Map.class), p -> args(p + "t:hmset", map("f1", "a"))));
        s.add(new Scenario("HINCRBY", none, "hincrby", types(K, K, long.class), p -> args(p + "t:hincrby", "f", 3L)));
        s.add(new Scenario(
                "HINCRBYFLOAT",
                none,
                "hincrbyfloat",
                types(K, K, double.class),
                p -> args(p + "t:hincrbyfloat", "f", 0.5)));
        // Lists
        s.add(new Scenario(
                "LPUSH", none, "lpush", types(K, Object[].class), p -> args(p + "t:lpush", new String[] {"a", "b"})));
        s.add(new Scenario(
                "RPUSH", none, "rpush", types(K, Object[].class), p -> args(p + "t:rpush", new String[] {"a", "b"})));
        s.add(new Scenario(
                "LPUSHX",
                (r, p) -> r.rpush(p + "t:lpushx", "x"),
                "lpushx",
                types(K, Object[].class),
                p -> args(p + "t:lpushx", new String[] {"a"})));
        s.add(new Scenario(
                "RPUSHX",
                (r, p) -> r.rpush(p + "t:rpushx", "x"),
                "rpushx",
                types(K, Object[].class),
                p -> args(p + "t:rpushx", new String[] {"a"})));
        s.add(new Scenario(
                "LINSERT",
                (r, p) -> r.rpush(p + "t:linsert", "x"),
                "linsert",
                types(K, boolean.class, V, V),
                p -> args(p + "t:linsert", true, "x", "a")));
        s.add(new Scenario(
                "LSET",
                (r, p) -> r.rpush(p + "t:lset", "x"),
                "lset",
                types(K, long.class, V),
                p -> args(p + "t:lset", 0L, "a")));
        // Sets, sorted sets, streams, HyperLogLog, geo
        s.add(new Scenario(
                "SADD", none, "sadd", types(K, Object[].class), p -> args(p + "t:sadd", new String[] {"a", "b"})));
        s.add(new Scenario("ZADD", none, "zadd", types(K, double.class, V), p -> args(p + "t:zadd", 1.0, "m")));
        s.add(new Scenario(
                "ZINCRBY", none, "zincrby", types(K, double.class, V), p -> args(p + "t:zincrby", 2.5, "m")));
        s.add(new Scenario("XADD", none, "xadd", types(K, Map.class), p -> args(p + "t:xadd", map("f", "v"))));
        s.add(new Scenario(
                "PFADD", none, "pfadd", types(K, Object[].class), p -> args(p + "t:pfadd", new String[] {"a", "b"})));
        s.add(new Scenario(
                "GEOADD",
                none,
                "geoadd",
                types(K, double.class, double.class, V),
                p -> args(p + "t:geoadd", 13.361389, 38.115556, "Palermo")));
        // Writes to a destination key
        BiConsumer<RedisCommands<String, String>, String> string = (r, p) -> r.set(p + "src:s", "v");
        BiConsumer<RedisCommands<String, String>, String> list = (r, p) -> r.rpush(p + "src:l", "a", "b");
        BiConsumer<RedisCommands<String, String>, String> sets = (r, p) -> {
            r.sadd(p + "src:s1", "a", "b");
            r.sadd(p + "src:s2", "b", "c");
        };
        BiConsumer<RedisCommands<String, String>, String> zsets = (r, p) -> {
            r.zadd(p + "src:z1", 1.0, "a", 2.0, "b");
            r.zadd(p + "src:z2", 1.0, "b", 3.0, "c");
        };
        s.add(new Scenario("COPY", string, "copy", types(K, K), p -> args(p + "src:s", p + "t:copy")));
        s.add(new Scenario("RENAME", string, "rename", types(K, K), p -> args(p + "src:s", p + "t:rename")));
        s.add(new Scenario("RENAMENX", string, "renamenx", types(K, K), p -> args(p + "src:s", p + "t:renamenx")));
        s.add(new Scenario(
                "LMOVE",
                list,
                "lmove",
                types(K, K, LMoveArgs.class),
                p -> args(p + "src:l", p + "t:lmove", LMoveArgs.Builder.leftRight())));
        s.add(new Scenario("RPOPLPUSH", list, "rpoplpush", types(K, K), p -> args(p + "src:l", p + "t:rpoplpush")));
        s.add(new Scenario("SMOVE", sets, "smove", types(K, K, V), p -> args(p + "src:s1", p + "t:smove", "a")));
        s.add(new Scenario(
                "SUNIONSTORE",
                sets,
                "sunionstore",
                types(K, Object[].class),
                p -> args(p + "t:sunionstore", new String[] {p + "src:s1", p + "src:s2"})));
        s.add(new Scenario(
                "SINTERSTORE",
                sets,
                "sinterstore",
                types(K, Object[].class),
                p -> args(p + "t:sinterstore", new String[] {p + "src:s1", p + "src:s2"})));
        s.add(new Scenario(
                "SDIFFSTORE",
                sets,
                "sdiffstore",
                types(K, Object[].class),
                p -> args(p + "t:sdiffstore", new String[] {p + "src:s1", p + "src:s2"})));
        s.add(new Scenario(
                "ZUNIONSTORE",
                zsets,
                "zunionstore",
                types(K, Object[].class),
                p -> args(p + "t:zunionstore", new String[] {p + "src:z1", p + "src:z2"})));
        s.add(new Scenario(
                "ZINTERSTORE",
                zsets,
                "zinterstore",
                types(K, Object[].class),
                p -> args(p + "t:zinterstore", new String[] {p + "src:z1", p + "src:z2"})));
        s.add(new Scenario(
                "ZDIFFSTORE",
                zsets,
                "zdiffstore",
                types(K, Object[].class),
                p -> args(p + "t:zdiffstore", new String[] {p + "src:z1", p + "src:z2"})));
        s.add(new Scenario(
                "ZRANGESTORE",
                zsets,
                "zrangestore",
                types(K, K, Range.class),
                p -> args(p + "t:zrangestore", p + "src:z1", Range.create(0L, -1L))));
        s.add(new Scenario(
                "PFMERGE",
                (r, p) -> r.pfadd(p + "src:h", "a", "b"),
                "pfmerge",
                types(K, Object[].class),
                p -> args(p + "t:pfmerge", new String[] {p + "src:h"})));
        s.add(new Scenario(
                "GEOSEARCHSTORE",
                (r, p) -> r.geoadd(p + "src:g", 13.361389, 38.115556, "Palermo"),
                "geosearchstore",
                types(K, K, GeoSearch.GeoRef.class, GeoSearch.GeoPredicate.class, GeoArgs.class, boolean.class),
                p -> args(
                        p + "t:geosearchstore",
                        p + "src:g",
                        GeoSearch.fromCoordinates(13.36, 38.11),
                        GeoSearch.byRadius(100, GeoArgs.Unit.km),
                        new GeoArgs(),
                        false)));
        s.add(new Scenario(
                "BITOP",
                string,
                "bitopOr",
                types(K, Object[].class),
                p -> args(p + "t:bitop", new String[] {p + "src:s"})));
        // TTL commands: the key exists without a TTL (written raw), or with one that PERSIST would remove
        BiConsumer<RedisCommands<String, String>, String> target = (r, p) -> r.set(p + "t:ttl", "v");
        s.add(new Scenario("EXPIRE", target, "expire", types(K, long.class), p -> args(p + "t:ttl", 100L)));
        s.add(new Scenario("PEXPIRE", target, "pexpire", types(K, long.class), p -> args(p + "t:ttl", 100_000L)));
        s.add(new Scenario(
                "EXPIREAT",
                target,
                "expireat",
                types(K, Instant.class),
                p -> args(p + "t:ttl", Instant.now().plusSeconds(100))));
        s.add(new Scenario(
                "PEXPIREAT",
                target,
                "pexpireat",
                types(K, long.class),
                p -> args(p + "t:ttl", Instant.now().plusSeconds(100).toEpochMilli())));
        s.add(new Scenario(
                "PERSIST",
                (r, p) -> r.set(p + "t:persist", "v", SetArgs.Builder.ex(100)),
                "persist",
                types(K),
                p -> args(p + "t:persist")));
        s.add(new Scenario(
                "RESTORE",
                (r, p) -> r.set(p + "src:dump", "v"),
                "restore",
                types(K, long.class, byte[].class),
                p -> args(p + "t:restore", 0L, raw.sync().dump(p + "src:dump"))));
        return s;
    }

    @ParameterizedTest
    @EnumSource(View.class)
    void everyCatalogueWrite_throughGuardedView_leavesNoKeyWithoutTtl(View view) throws Exception {
        String prefix = view.name().toLowerCase(Locale.ROOT) + ":";
        Object api = view == View.SYNC ? guarded.sync() : view == View.ASYNC ? guarded.async() : guarded.reactive();
        Class<?> type = view == View.SYNC
                ? RedisCommands.class
                : view == View.ASYNC ? RedisAsyncCommands.class : RedisReactiveCommands.class;

        Set<String> targets = runAll(api, type, prefix);

        assertThat(allKeys(prefix + "t:*")).isEqualTo(targets);
        for (String key : targets) {
            assertThat(raw.sync().pttl(key)).as("PTTL of %s", key).isPositive();
        }
    }

    /** Runs every scenario through {@code api}; returns the target keys (arguments under {@code <prefix>t:}). */
    private Set<String> runAll(Object api, Class<?> type, String prefix) throws Exception {
        Set<String> targets = new TreeSet<>();
        for (Scenario scenario : scenarios()) {
            scenario.setup().accept(raw.sync(), prefix);
            Method method = type.getMethod(scenario.method(), scenario.types());
            Object[] args = scenario.args().apply(prefix);
            for (Object arg : args) {
                if (arg instanceof String && ((String) arg).startsWith(prefix + "t:")) {
                    targets.add((String) arg);
                } else if (arg instanceof Map && scenario.command().startsWith("MSET")) {
                    for (Object key : ((Map<?, ?>) arg).keySet()) {
                        targets.add((String) key);
                    }
                }
            }
            try {
                await(method.invoke(api, args));
            } catch (InvocationTargetException e) {
                throw new AssertionError(scenario.command() + " via " + scenario.method() + " failed", e.getCause());
            }
        }
        return targets;
    }

    private static Object await(Object result) throws Exception {
        if (result instanceof RedisFuture) {
            return ((RedisFuture<?>) result).get(10, TimeUnit.SECONDS);
        }
        if (result instanceof Mono) {
            return ((Mono<?>) result).block(Duration.ofSeconds(10));
        }
        if (result instanceof Flux) {
            return ((Flux<?>) result).collectList().block(Duration.ofSeconds(10));
        }
        return result;
    }

    private static Set<String> allKeys(String pattern) {
        Set<String> keys = new TreeSet<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page =
                    raw.sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    private static Class<?>[] types(Class<?>... types) {
        return types;
    }

    private static Object[] args(Object... args) {
        return args;
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }
}
