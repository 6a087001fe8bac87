/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.benchmarks;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.benchmarks.harness.AbHarness;
import io.github.redisguard.benchmarks.harness.AbHarness.Row;
import io.github.redisguard.jedis.JedisGuard;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisServerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.UnifiedJedis;

/**
 * The end-to-end comparisons of {@code make bench} and {@code make throughput}: raw client against guarded client,
 * same server, same run ({@link AbHarness}). The server has maxmemory 1 GB (noeviction) and the guarded side runs
 * with the memory breaker on, far below its thresholds; every guarded SET is rewritten with a TTL ({@link
 * GuardConfig#defaults()}), the raw SETs are not.
 *
 * <p>{@code -Dbench.e2e.baseline=wrap} makes the raw side a guarded connection without the memory breaker
 * ({@link LettuceGuard#wrap}): the ratio is then what the breaker alone costs. Writes {@code e2e-report.json} (or
 * {@code -Dbench.e2e.report}) and prints a Markdown table.
 */
public final class EndToEnd {

    static final int KEYS = 10_000;

    static final int VALUE_BYTES = 1024;

    static final long MAXMEMORY = 1024L * 1024 * 1024;

    private EndToEnd() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintStream out = System.out;
        AbHarness harness = new AbHarness(AbHarness.Settings.fromSystemProperties(), out);
        boolean baselineWrap = "wrap".equals(System.getProperty("bench.e2e.baseline", "raw"));
        List<Row> rows = new ArrayList<>();
        Map<String, String> environment = AbHarness.environment();
        try (RedisServer server = RedisServer.start(RedisServerOptions.builder()
                        .maxmemory(MAXMEMORY)
                        .maxmemoryPolicy("noeviction")
                        .build());
                RedisGuard guard = RedisGuard.builder(GuardConfig.defaults())
                        .meterRegistry(new SimpleMeterRegistry())
                        .build();
                RedisGuard baselineGuard = RedisGuard.builder(GuardConfig.defaults())
                        .meterRegistry(new SimpleMeterRegistry())
                        .build()) {
            environment.put("redis", "redis-server " + server.info("server").get("redis_version"));
            environment.put(
                    "lettuce", String.valueOf(RedisClient.class.getPackage().getImplementationVersion()));
            out.printf(
                    Locale.ROOT,
                    "Redis Guard end to end: raw vs guarded, %d-byte values over %d keys per side, against %s;"
                            + " raw side: %s.%n",
                    VALUE_BYTES,
                    KEYS,
                    server.uri(),
                    baselineWrap ? "LettuceGuard.wrap (guarded, no breaker)" : "the plain client");
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> raw =
                            baselineWrap ? LettuceGuard.wrap(client.connect(), baselineGuard) : client.connect();
                    StatefulRedisConnection<String, String> guarded =
                            LettuceGuard.connect(client, RedisURI.create(server.uri()), guard)) {
                rows.addAll(lettuce(harness, raw, guarded, server));
                rows.add(hotKey(harness, raw, client, server));
            } finally {
                client.shutdown();
            }
            HostAndPort hostAndPort = new HostAndPort(server.host(), server.port());
            environment.put("jedis", jedisVersion());
            try (UnifiedJedis raw = redis.clients.jedis.RedisClient.create(hostAndPort); // Jedis 7's JedisPooled
                    UnifiedJedis guarded = JedisGuard.pooled(
                            hostAndPort, DefaultJedisClientConfig.builder().build(), guard)) {
                rows.addAll(jedis(harness, raw, guarded, server));
            }
            rows.addAll(clusters(harness, guard));
            double peak = (double) Long.parseLong(server.info("memory").get("used_memory_peak")) / MAXMEMORY;
            environment.put("server memory", String.format(Locale.ROOT, "peak used_memory %.1f%% of 1 GB", 100 * peak));
        }
        StringBuilder md = new StringBuilder("End to end, guarded / raw, same server, same run (")
                .append(baselineWrap ? "raw side: LettuceGuard.wrap, no breaker" : "breaker on, far below thresholds")
                .append("):\n\n")
                .append(AbHarness.table(rows))
                .append('\n');
        environment.forEach((k, v) -> md.append(String.format(Locale.ROOT, "- %s: %s%n", k, v)));
        md.append('\n');
        out.println();
        out.print(md);
        String report = System.getProperty("bench.e2e.report", "e2e-report.json");
        out.println("Written: " + AbHarness.write(report, harness.json(rows, environment)) + ", "
                + AbHarness.write(report.replaceFirst("\\.json$", "") + ".md", md.toString()));
    }

    /** Lettuce SET: sync (one call at a time) and async (pipelined, bounded in flight). */
    static List<Row> lettuce(
            AbHarness harness,
            StatefulRedisConnection<String, String> raw,
            StatefulRedisConnection<String, String> guarded,
            RedisServer server)
            throws InterruptedException {
        String value = value(VALUE_BYTES);
        String[] rawKeys = keys("bench:raw:");
        String[] guardedKeys = keys("bench:grd:");
        RedisCommands<String, String> rawSync = raw.sync();
        RedisCommands<String, String> guardedSync = guarded.sync();
        RedisAsyncCommands<String, String> rawAsync = raw.async();
        RedisAsyncCommands<String, String> guardedAsync = guarded.async();
        int inFlight = harness.settings().inFlight();
        List<Row> rows = new ArrayList<>();
        server.flushAll();
        rows.add(harness.compare(
                "Lettuce SET, sync",
                d -> AbHarness.timed(d, i -> rawSync.set(rawKeys[(int) (i % KEYS)], value)),
                d -> AbHarness.timed(d, i -> guardedSync.set(guardedKeys[(int) (i % KEYS)], value))));
        server.flushAll();
        rows.add(harness.compare(
                "Lettuce SET, async (" + inFlight + " in flight)",
                d -> AbHarness.timedAsync(d, inFlight, i -> rawAsync.set(rawKeys[(int) (i % KEYS)], value)),
                d -> AbHarness.timedAsync(d, inFlight, i -> guardedAsync.set(guardedKeys[(int) (i % KEYS)], value))));
        if (guardedSync.pttl(guardedKeys[0]) <= 0) {
            throw new IllegalStateException("the guarded SETs carry no TTL: the comparison measured the wrong thing");
        }
        return rows;
    }

    /**
     * One hot key read over and over, one thread: raw GET (a round trip each) against GET through a guarded
     * connection with the local tier on {@code hot:*} (every read after the first is a hit).
     */
    static Row hotKey(
            AbHarness harness, StatefulRedisConnection<String, String> raw, RedisClient client, RedisServer server)
            throws InterruptedException {
        try (RedisGuard tierGuard = RedisGuard.builder(GuardConfig.builder()
                                .localTier(LocalTierConfig.builder()
                                        .enabled(true)
                                        .pattern("hot:*")
                                        .build())
                                .build())
                        .meterRegistry(new SimpleMeterRegistry())
                        .build();
                StatefulRedisConnection<String, String> tier =
                        LettuceGuard.connect(client, RedisURI.create(server.uri()), tierGuard)) {
            raw.sync().set("hot:1", value(VALUE_BYTES));
            RedisCommands<String, String> rawSync = raw.sync();
            RedisCommands<String, String> tierSync = tier.sync();
            return harness.compare(
                    "Lettuce hot-key GET (guarded: local tier hit)",
                    d -> AbHarness.timed(d, i -> rawSync.get("hot:1")),
                    d -> AbHarness.timed(d, i -> tierSync.get("hot:1")));
        }
    }

    /**
     * Jedis SET: the pooled client one call at a time (raw: Jedis's {@code RedisClient}, the {@code JedisPooled} of
     * Jedis 7; guarded: {@link JedisGuard#pooled}), and pipelines of {@code in-flight} SETs per {@code sync()}.
     */
    static List<Row> jedis(AbHarness harness, UnifiedJedis raw, UnifiedJedis guarded, RedisServer server)
            throws InterruptedException {
        String value = value(VALUE_BYTES);
        String[] rawKeys = keys("bench:raw:");
        String[] guardedKeys = keys("bench:grd:");
        int batch = harness.settings().inFlight();
        List<Row> rows = new ArrayList<>();
        server.flushAll();
        rows.add(harness.compare(
                "Jedis pooled SET",
                d -> AbHarness.timed(d, i -> raw.set(rawKeys[(int) (i % KEYS)], value)),
                d -> AbHarness.timed(d, i -> guarded.set(guardedKeys[(int) (i % KEYS)], value))));
        server.flushAll();
        rows.add(harness.compare(
                "Jedis pipelined SET (" + batch + " per sync)",
                d -> batch * AbHarness.timed(d, i -> pipeline(raw, rawKeys, i * batch, batch, value)),
                d -> batch * AbHarness.timed(d, i -> pipeline(guarded, guardedKeys, i * batch, batch, value))));
        if (guarded.pttl(guardedKeys[0]) <= 0) {
            throw new IllegalStateException("the guarded SETs carry no TTL: the comparison measured the wrong thing");
        }
        return rows;
    }

    /**
     * Cluster SET, one call at a time, on a local 3-master cluster: raw {@code JedisCluster} against
     * {@link JedisGuard#cluster}, and a raw Lettuce cluster connection against
     * {@code LettuceGuard.connect(RedisClusterClient, guard)} (a breaker per node on both).
     */
    @SuppressWarnings("deprecation") // JedisCluster: the raw cluster client of Jedis 7 and 8
    static List<Row> clusters(AbHarness harness, RedisGuard guard) throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        try (RedisCluster cluster = RedisCluster.start(3)) {
            Set<HostAndPort> nodes = new HashSet<>();
            for (RedisServer master : cluster.masters()) {
                nodes.add(new HostAndPort(master.host(), master.port()));
            }
            String value = value(VALUE_BYTES);
            String[] rawKeys = keys("bench:raw:");
            String[] guardedKeys = keys("bench:grd:");
            DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().build();
            try (UnifiedJedis raw = new redis.clients.jedis.JedisCluster(nodes, config);
                    UnifiedJedis guarded = JedisGuard.cluster(nodes, config, guard)) {
                rows.add(harness.compare(
                        "Jedis cluster SET (3 masters)",
                        d -> AbHarness.timed(d, i -> raw.set(rawKeys[(int) (i % KEYS)], value)),
                        d -> AbHarness.timed(d, i -> guarded.set(guardedKeys[(int) (i % KEYS)], value))));
                requireTtl(guarded.pttl(guardedKeys[0]));
            }
            cluster.flushAll();
            RedisServer seed = cluster.masters().get(0);
            RedisClusterClient client = RedisClusterClient.create(RedisURI.create(seed.host(), seed.port()));
            try (StatefulRedisClusterConnection<String, String> raw = client.connect();
                    StatefulRedisClusterConnection<String, String> guarded = LettuceGuard.connect(client, guard)) {
                RedisAdvancedClusterCommands<String, String> rawSync = raw.sync();
                RedisAdvancedClusterCommands<String, String> guardedSync = guarded.sync();
                rows.add(harness.compare(
                        "Lettuce cluster SET, sync (3 masters)",
                        d -> AbHarness.timed(d, i -> rawSync.set(rawKeys[(int) (i % KEYS)], value)),
                        d -> AbHarness.timed(d, i -> guardedSync.set(guardedKeys[(int) (i % KEYS)], value))));
                requireTtl(guardedSync.pttl(guardedKeys[0]));
            } finally {
                client.shutdown();
            }
        }
        return rows;
    }

    private static void requireTtl(long pttl) {
        if (pttl <= 0) {
            throw new IllegalStateException("the guarded SETs carry no TTL: the comparison measured the wrong thing");
        }
    }

    private static void pipeline(UnifiedJedis jedis, String[] keys, long from, int batch, String value) {
        try (AbstractPipeline pipeline = jedis.pipelined()) {
            for (int i = 0; i < batch; i++) {
                pipeline.set(keys[(int) ((from + i) % KEYS)], value);
            }
        }
    }

    private static String jedisVersion() {
        try (InputStream in =
                UnifiedJedis.class.getResourceAsStream("/META-INF/maven/redis.clients/jedis/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A printable value of {@code bytes} characters, the same every run. */
    static String value(int bytes) {
        Random random = new Random(42);
        char[] chars = new char[bytes];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    static String[] keys(String prefix) {
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = prefix + String.format(Locale.ROOT, "%05d", i);
        }
        return keys;
    }
}
