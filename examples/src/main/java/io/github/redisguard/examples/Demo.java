/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisServerOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * {@code make demo}: the same application workload written by the raw Lettuce client and by the guarded one, each
 * against its own throwaway redis-server, side by side.
 *
 * <p>The workload is what a typical service writes: JSON session blobs with SET, cache entries in hashes, counters,
 * a job queue and a set of online users, none of them with a TTL (the mistake the guard exists for). The report
 * shows what is left on the server: keys without a TTL, memory used, and the bytes compression saved. The same
 * figures go to {@code demo-report.json} in the working directory.
 */
public final class Demo {

    static final DataSize MAXMEMORY = DataSize.ofMegabytes(64);

    static final int SESSIONS = 2_000;

    static final int CACHE_ENTRIES = 2_000;

    static final int COUNTERS = 500;

    static final int QUEUE_JOBS = 500;

    private Demo() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        out.println("Redis Guard demo: one workload, written raw and guarded, each on its own redis-server"
                + " (maxmemory " + MAXMEMORY + ", noeviction).");
        Side raw = run("raw", false, out);
        Side guarded = run("guarded", true, out);
        out.println();
        out.println(table(raw, guarded));
        Path report = Paths.get(System.getProperty("demo.report", "demo-report.json"));
        Files.writeString(report, json(raw, guarded), StandardCharsets.UTF_8);
        out.println("Figures written to " + report.toAbsolutePath().normalize());
    }

    /** What one side of the demo measured. */
    static final class Side {
        final String name;
        long attempted;
        long succeeded;
        long shed;
        long oomErrors;
        long keys;
        long keysWithoutTtl;
        long usedMemory;
        long peakUsedMemory;
        long maxmemory;
        long compressionSaved;
        long valuesReadBack;
        long valuesIdentical;

        Side(String name) {
            this.name = name;
        }

        double peakUsedRatio() {
            return maxmemory == 0 ? 0 : (double) peakUsedMemory / maxmemory;
        }
    }

    static Side run(String name, boolean guard, PrintStream out) {
        Side side = new Side(name);
        RedisServerOptions options = RedisServerOptions.builder()
                .maxmemory(MAXMEMORY.toBytes())
                .maxmemoryPolicy("noeviction")
                .build();
        try (RedisServer server = RedisServer.start(options)) {
            RedisClient client = RedisClient.create(server.uri());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StatefulRedisConnection<String, String> connection = client.connect();
            if (guard) {
                connection = LettuceGuard.wrap(
                        connection,
                        RedisGuard.builder(config()).meterRegistry(registry).build());
            }
            try {
                out.printf(Locale.ROOT, "  %-8s writing to %s ...%n", name, server.uri());
                Map<String, String> written = workload(connection.sync(), side);
                readBack(connection.sync(), written, side);
                measure(server, client, side);
                side.compressionSaved = (long) (registry.find("redis.guard.compression.input").counters().stream()
                                .mapToDouble(c -> c.count())
                                .sum()
                        - registry.find("redis.guard.compression.output").counters().stream()
                                .mapToDouble(c -> c.count())
                                .sum());
            } finally {
                connection.close();
                client.shutdown();
            }
        }
        return side;
    }

    /** The guard's configuration for this workload: what a team would write on day one. */
    static GuardConfig config() {
        return GuardConfig.builder()
                .defaultTtl(Duration.ofHours(1))
                .maxTtl(Duration.ofDays(1))
                .rule(KeyRule.builder("session:*")
                        .name("sessions")
                        .defaultTtl(Duration.ofMinutes(30))
                        .compression(Compression.lz4(DataSize.ofBytes(512)))
                        .build())
                .rule(KeyRule.builder("cache:*")
                        .name("cache")
                        .defaultTtl(Duration.ofMinutes(10))
                        .jitter(0.2)
                        .compression(Compression.lz4(DataSize.ofBytes(512)))
                        .build())
                .build();
    }

    /** Writes the workload; returns the session values written, to read them back. */
    static Map<String, String> workload(RedisCommands<String, String> redis, Side side) {
        Random random = new Random(42);
        Map<String, String> sessions = new LinkedHashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            String key = "session:" + i;
            String value = sessionJson(i, random);
            sessions.put(key, value);
            write(side, () -> redis.set(key, value));
        }
        for (int i = 0; i < CACHE_ENTRIES; i++) {
            String key = "cache:product:" + i;
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", "Product " + i);
            fields.put("html", productHtml(i, random));
            fields.put("price", Integer.toString(100 + random.nextInt(10_000)));
            write(side, () -> redis.hset(key, fields));
        }
        for (int i = 0; i < COUNTERS; i++) {
            String key = "counter:page:" + (i % 100);
            write(side, () -> redis.incr(key));
        }
        for (int i = 0; i < QUEUE_JOBS; i++) {
            String job = "{\"job\":" + i + ",\"type\":\"email\"}";
            write(side, () -> redis.rpush("queue:jobs", job));
        }
        for (int i = 0; i < 200; i++) {
            String user = "user:" + random.nextInt(1_000);
            write(side, () -> redis.sadd("online:users", user));
        }
        return sessions;
    }

    private static void write(Side side, Runnable write) {
        side.attempted++;
        try {
            write.run();
            side.succeeded++;
        } catch (RuntimeException e) {
            if (String.valueOf(e.getMessage()).startsWith("OOM")) {
                side.oomErrors++;
            }
        }
    }

    static void readBack(RedisCommands<String, String> redis, Map<String, String> written, Side side) {
        for (Map.Entry<String, String> entry : written.entrySet()) {
            side.valuesReadBack++;
            if (entry.getValue().equals(redis.get(entry.getKey()))) {
                side.valuesIdentical++;
            }
        }
    }

    static void measure(RedisServer server, RedisClient client, Side side) {
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = admin.sync().scan(cursor, ScanArgs.Builder.limit(1_000));
                for (String key : page.getKeys()) {
                    side.keys++;
                    if (admin.sync().pttl(key) == -1) {
                        side.keysWithoutTtl++;
                    }
                }
                cursor = page;
            } while (!cursor.isFinished());
        }
        Map<String, String> memory = server.info("memory");
        side.usedMemory = Long.parseLong(memory.get("used_memory"));
        side.peakUsedMemory = Long.parseLong(memory.get("used_memory_peak"));
        side.maxmemory = Long.parseLong(memory.get("maxmemory"));
    }

    static String table(Side raw, Side guarded) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "raw", "guarded"});
        rows.add(row("writes attempted", raw.attempted, guarded.attempted));
        rows.add(row("writes succeeded", raw.succeeded, guarded.succeeded));
        rows.add(row("OOM errors", raw.oomErrors, guarded.oomErrors));
        rows.add(row("keys on the server", raw.keys, guarded.keys));
        rows.add(row("keys without TTL", raw.keysWithoutTtl, guarded.keysWithoutTtl));
        rows.add(new String[] {"used_memory", mb(raw.usedMemory), mb(guarded.usedMemory)});
        rows.add(new String[] {
            "peak used / maxmemory",
            String.format(Locale.ROOT, "%.1f%%", 100 * raw.peakUsedRatio()),
            String.format(Locale.ROOT, "%.1f%%", 100 * guarded.peakUsedRatio())
        });
        rows.add(new String[] {"saved by compression", mb(raw.compressionSaved), mb(guarded.compressionSaved)});
        rows.add(new String[] {
            "sessions read back identical",
            raw.valuesIdentical + "/" + raw.valuesReadBack,
            guarded.valuesIdentical + "/" + guarded.valuesReadBack
        });
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(String.format(Locale.ROOT, "  %-30s %14s %14s%n", r[0], r[1], r[2]));
        }
        return sb.toString();
    }

    private static String[] row(String label, long raw, long guarded) {
        return new String[] {label, Long.toString(raw), Long.toString(guarded)};
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0));
    }

    static String json(Side raw, Side guarded) {
        return "{\n  \"raw\": " + json(raw) + ",\n  \"guarded\": " + json(guarded) + "\n}\n";
    }

    private static String json(Side s) {
        return String.format(
                Locale.ROOT,
                "{\"attempted\": %d, \"succeeded\": %d, \"shed\": %d, \"oom_errors\": %d, \"keys\": %d,"
                        + " \"keys_without_ttl\": %d, \"used_memory_bytes\": %d, \"peak_used_memory_bytes\": %d,"
                        + " \"maxmemory_bytes\": %d, \"peak_used_ratio\": %.4f, \"compression_saved_bytes\": %d,"
                        + " \"values_read_back\": %d, \"values_identical\": %d}",
                s.attempted,
                s.succeeded,
                s.shed,
                s.oomErrors,
                s.keys,
                s.keysWithoutTtl,
                s.usedMemory,
                s.peakUsedMemory,
                s.maxmemory,
                s.peakUsedRatio(),
                s.compressionSaved,
                s.valuesReadBack,
                s.valuesIdentical);
    }

    private static String sessionJson(int i, Random random) {
        StringBuilder sb = new StringBuilder("{\"id\":\"").append(i).append("\",\"user\":{\"id\":");
        sb.append(random.nextInt(1_000_000)).append(",\"roles\":[\"reader\",\"writer\"],\"locale\":\"en_GB\"},");
        sb.append("\"cart\":[");
        int items = 5 + random.nextInt(20);
        for (int j = 0; j < items; j++) {
            sb.append(j == 0 ? "" : ",")
                    .append("{\"sku\":\"SKU-")
                    .append(random.nextInt(100_000))
                    .append("\",\"quantity\":")
                    .append(1 + random.nextInt(5))
                    .append(",\"price\":")
                    .append(random.nextInt(10_000) / 100.0)
                    .append('}');
        }
        return sb.append("],\"csrf\":\"")
                .append(Long.toHexString(random.nextLong()))
                .append("\"}")
                .toString();
    }

    private static String productHtml(int i, Random random) {
        StringBuilder sb = new StringBuilder("<div class=\"product\"><h2>Product ")
                .append(i)
                .append("</h2><ul>");
        int features = 5 + random.nextInt(10);
        for (int j = 0; j < features; j++) {
            sb.append("<li class=\"feature\">Feature ")
                    .append(random.nextInt(100))
                    .append(" of product</li>");
        }
        return sb.append("</ul></div>").toString();
    }
}
