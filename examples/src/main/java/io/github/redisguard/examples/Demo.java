/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.WriteShedException;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.ShedAction;
import io.github.redisguard.memory.ShedClass;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisServerOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code make demo}: the OOM drill. The same application, written by the raw Lettuce client and by the guarded one,
 * each against its own throwaway redis-server with a small maxmemory and {@code noeviction}, side by side.
 *
 * <p>Each side runs three phases. First what a typical service writes: JSON session blobs with SET, cache entries in
 * hashes, counters, a job queue and a set of online users, none of them with a TTL (the mistake the guard exists
 * for). Then a flood: cache pages written async and pipelined as fast as the client can, {@value #FLOOD_IN_FLIGHT}
 * in flight, about four times what the server can hold (twice, compressed as the guard stores them). Last,
 * {@value #SESSIONS_AFTER_FLOOD} session writes, as users keep logging in.
 *
 * <p>The raw client runs the server into maxmemory: Redis answers OOM to the rest of the flood and to the sessions
 * after it (all but the few that fit into what the server frees as the flood's client buffers shrink). The guarded
 * client is opened with {@link LettuceGuard#connect} and so has the memory circuit breaker: cache writes are in shed
 * class {@code low} and dropped from 85% of maxmemory on (a cache fill nobody waits for), sessions are
 * {@code critical} (97%) and still written. A live progress line shows the writes and the server's used_memory, read
 * by the demo itself on a connection of its own every 200 ms. The closing table and {@code demo-report.json} in the
 * working directory give the figures of each side.
 *
 * <p>System properties: {@code demo.report} (the report's path), {@code demo.progress} ({@code auto}, the default:
 * a line updated in place on a terminal and a line per quarter otherwise; {@code live}; {@code lines}).
 */
public final class Demo {

    static final DataSize MAXMEMORY = DataSize.ofMegabytes(32);

    static final int SESSIONS = 2_000;

    static final int CACHE_ENTRIES = 2_000;

    static final int COUNTERS = 500;

    static final int QUEUE_JOBS = 500;

    static final int ONLINE_USERS = 200;

    /**
     * Cache pages in the flood (4-8 KB each): some 4,000 fit into maxmemory as sent raw, some 8,000 compressed as the
     * guard stores them.
     */
    static final int FLOOD_WRITES = 16_000;

    static final int FLOOD_IN_FLIGHT = 256;

    static final int SESSIONS_AFTER_FLOOD = 100;

    static final int WRITES =
            SESSIONS + CACHE_ENTRIES + COUNTERS + QUEUE_JOBS + ONLINE_USERS + FLOOD_WRITES + SESSIONS_AFTER_FLOOD;

    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(200);

    private Demo() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintStream out = System.out;
        boolean live = liveProgress();
        out.println("Redis Guard demo, the OOM drill: each side gets its own redis-server (maxmemory " + MAXMEMORY
                + ", noeviction).");
        out.println("The app writes its usual data, floods " + FLOOD_WRITES + " cache pages (4-8 KB, "
                + FLOOD_IN_FLIGHT + " in flight), then writes " + SESSIONS_AFTER_FLOOD
                + " sessions: raw Lettuce first, then through Redis Guard.");
        Side raw = run("raw", false, out, live);
        Side guarded = run("guarded", true, out, live);
        out.println();
        out.print(table(raw, guarded));
        out.println();
        out.print(thresholds(config()));
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
        long shedMetered;
        long oomErrors;
        long otherErrors;
        long sessionsAfterFloodOk;
        long sessionsAfterFloodAttempted;
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

    /** What became of the writes so far; updated by the application's threads, read by the progress line. */
    static final class Counts {
        final AtomicLong attempted = new AtomicLong();
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong shed = new AtomicLong();
        final AtomicLong oom = new AtomicLong();
        final AtomicLong other = new AtomicLong();
        volatile String phase = "workload";

        /**
         * Counts one write's result: a write the guard shed either failed with {@link WriteShedException} (rules
         * with {@code onShed(THROW)}) or completed without a reply (rules with {@code onShed(DROP)}; every write of
         * this demo has a reply when Redis executes it).
         */
        boolean count(@Nullable Object reply, @Nullable Throwable error) {
            Throwable cause = error instanceof CompletionException || error instanceof ExecutionException
                    ? error.getCause()
                    : error;
            if (cause == null) {
                (reply == null ? shed : succeeded).incrementAndGet();
                return reply != null;
            }
            if (cause instanceof WriteShedException) {
                shed.incrementAndGet();
            } else if (cause instanceof RedisCommandExecutionException
                    && String.valueOf(cause.getMessage()).startsWith("OOM")) {
                oom.incrementAndGet();
            } else {
                other.incrementAndGet();
            }
            return false;
        }
    }

    static Side run(String name, boolean guarded, PrintStream out, boolean live) throws InterruptedException {
        Side side = new Side(name);
        RedisServerOptions options = RedisServerOptions.builder()
                .maxmemory(MAXMEMORY.toBytes())
                .maxmemoryPolicy("noeviction")
                .build();
        try (RedisServer server = RedisServer.start(options)) {
            RedisURI uri = RedisURI.create(server.uri());
            RedisClient client = RedisClient.create(uri);
            try {
                if (guarded) {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    try (RedisGuard guard =
                            RedisGuard.builder(config()).meterRegistry(registry).build()) {
                        drill(side, LettuceGuard.connect(client, uri, guard), client, server, out, live);
                    }
                    side.compressionSaved = (long) (sum(registry, "redis.guard.compression.input")
                            - sum(registry, "redis.guard.compression.output"));
                    side.shedMetered = (long) sum(registry, "redis.guard.shed");
                } else {
                    drill(side, client.connect(), client, server, out, live);
                }
            } finally {
                client.shutdown();
            }
        }
        return side;
    }

    private static double sum(SimpleMeterRegistry registry, String meter) {
        return registry.find(meter).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    /** The three phases on {@code connection} (closed at the end), then what is left on the server. */
    private static void drill(
            Side side,
            StatefulRedisConnection<String, String> connection,
            RedisClient client,
            RedisServer server,
            PrintStream out,
            boolean live)
            throws InterruptedException {
        Counts counts = new Counts();
        try (StatefulRedisConnection<String, String> app = connection;
                StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.setTimeout(Duration.ofSeconds(5));
            Map<String, String> sessions;
            try (Progress progress = Progress.start(side.name, counts, admin, out, live)) {
                sessions = workload(app.sync(), counts);
                counts.phase = "flood";
                flood(app.async(), counts);
                counts.phase = "sessions";
                for (int i = 0; i < SESSIONS_AFTER_FLOOD; i++) {
                    String key = "session:late:" + i;
                    String value = sessionJson(SESSIONS + i, new Random(i));
                    side.sessionsAfterFloodAttempted++;
                    if (write(counts, () -> app.sync().set(key, value))) {
                        side.sessionsAfterFloodOk++;
                    }
                }
                counts.phase = "done";
                side.peakUsedMemory = progress.finish();
            }
            side.attempted = counts.attempted.get();
            side.succeeded = counts.succeeded.get();
            side.shed = counts.shed.get();
            side.oomErrors = counts.oom.get();
            side.otherErrors = counts.other.get();
            readBack(app.sync(), sessions, side);
            measure(admin, server, side);
        }
    }

    /** The guard's configuration for this workload: what a team would write on day one. */
    static GuardConfig config() {
        return GuardConfig.builder()
                .defaultTtl(Duration.ofHours(1))
                .maxTtl(Duration.ofDays(1))
                .memory(MemoryConfig.defaults())
                .rule(KeyRule.builder("session:*")
                        .name("sessions")
                        .defaultTtl(Duration.ofMinutes(30))
                        .compression(Compression.lz4(DataSize.ofBytes(512)))
                        .shedClass("critical")
                        .build())
                .rule(KeyRule.builder("cache:*")
                        .name("cache")
                        .defaultTtl(Duration.ofMinutes(10))
                        .jitter(0.2)
                        .compression(Compression.lz4(DataSize.ofBytes(512)))
                        .shedClass("low")
                        .onShed(ShedAction.DROP)
                        .build())
                .build();
    }

    /** Writes the application's usual data; returns the session values written, to read them back. */
    static Map<String, String> workload(RedisCommands<String, String> redis, Counts counts) {
        Random random = new Random(42);
        Map<String, String> sessions = new LinkedHashMap<>();
        for (int i = 0; i < SESSIONS; i++) {
            String key = "session:" + i;
            String value = sessionJson(i, random);
            sessions.put(key, value);
            write(counts, () -> redis.set(key, value));
        }
        for (int i = 0; i < CACHE_ENTRIES; i++) {
            String key = "cache:product:" + i;
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("name", "Product " + i);
            fields.put("html", productHtml(i, random));
            fields.put("price", Integer.toString(100 + random.nextInt(10_000)));
            write(counts, () -> redis.hset(key, fields));
        }
        for (int i = 0; i < COUNTERS; i++) {
            String key = "counter:page:" + (i % 100);
            write(counts, () -> redis.incr(key));
        }
        for (int i = 0; i < QUEUE_JOBS; i++) {
            String job = "{\"job\":" + i + ",\"type\":\"email\"}";
            write(counts, () -> redis.rpush("queue:jobs", job));
        }
        for (int i = 0; i < ONLINE_USERS; i++) {
            String user = "user:" + random.nextInt(1_000);
            write(counts, () -> redis.sadd("online:users", user));
        }
        return sessions;
    }

    /** One synchronous write, counted; returns whether Redis executed it. */
    private static boolean write(Counts counts, Supplier<?> write) {
        counts.attempted.incrementAndGet();
        Object reply;
        try {
            reply = write.get();
        } catch (RuntimeException e) {
            return counts.count(null, e);
        }
        return counts.count(reply, null);
    }

    /**
     * The flood: {@value #FLOOD_WRITES} cache pages with SET, async and pipelined, at most {@value #FLOOD_IN_FLIGHT}
     * in flight, as fast as the client goes; fire and forget, as cache fills are, but every result is counted.
     */
    static void flood(RedisAsyncCommands<String, String> redis, Counts counts) throws InterruptedException {
        String[] pages = cachePages(new Random(7), 64);
        Semaphore permits = new Semaphore(FLOOD_IN_FLIGHT);
        for (int i = 0; i < FLOOD_WRITES; i++) {
            permits.acquire();
            counts.attempted.incrementAndGet();
            RedisFuture<String> future;
            try {
                future = redis.set("cache:page:" + i, pages[i % pages.length]);
            } catch (RuntimeException e) {
                counts.count(null, e);
                permits.release();
                continue;
            }
            future.whenComplete((reply, error) -> {
                counts.count(reply, error);
                permits.release();
            });
        }
        if (!permits.tryAcquire(FLOOD_IN_FLIGHT, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the flood's last writes did not complete within 60 s");
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

    /** Keys and their TTLs (on the demo's own connection), memory and its peak (from INFO). */
    static void measure(StatefulRedisConnection<String, String> admin, RedisServer server, Side side) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = admin.sync().scan(cursor, ScanArgs.Builder.limit(1_000));
            List<RedisFuture<Long>> ttls = new ArrayList<>();
            for (String key : page.getKeys()) {
                ttls.add(admin.async().pttl(key));
            }
            for (RedisFuture<Long> ttl : ttls) {
                side.keys++;
                if (ttl.toCompletableFuture().join() == -1) {
                    side.keysWithoutTtl++;
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        Map<String, String> memory = server.info("memory");
        side.usedMemory = Long.parseLong(memory.get("used_memory"));
        side.peakUsedMemory = Math.max(side.peakUsedMemory, Long.parseLong(memory.get("used_memory_peak")));
        side.maxmemory = Long.parseLong(memory.get("maxmemory"));
    }

    /**
     * The progress line: the writes so far and the server's used_memory, read with INFO on the demo's own connection
     * every 200 ms (the guard samples on a connection of its own; this is the demo watching). On a terminal one line
     * is updated in place; otherwise a line is printed at each quarter of the writes.
     */
    static final class Progress implements AutoCloseable {

        private final String name;

        private final Counts counts;

        private final StatefulRedisConnection<String, String> admin;

        private final PrintStream out;

        private final boolean live;

        private final ScheduledExecutorService executor;

        private volatile long peak;

        private volatile long used;

        private int quarter;

        private boolean closed;

        private Progress(
                String name,
                Counts counts,
                StatefulRedisConnection<String, String> admin,
                PrintStream out,
                boolean live) {
            this.name = name;
            this.counts = counts;
            this.admin = admin;
            this.out = out;
            this.live = live;
            this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "demo-progress");
                thread.setDaemon(true);
                return thread;
            });
        }

        /** Starts sampling and printing at once, then every 200 ms until {@link #finish()}. */
        static Progress start(
                String name,
                Counts counts,
                StatefulRedisConnection<String, String> admin,
                PrintStream out,
                boolean live) {
            Progress progress = new Progress(name, counts, admin, out, live);
            progress.executor.scheduleWithFixedDelay(
                    progress::tick, 0, SAMPLE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            return progress;
        }

        private void tick() {
            sample();
            long attempted = counts.attempted.get();
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (live) {
                    // The cursor is left at the start of the line: the next update, or a log line, writes over it.
                    out.print(line() + "   \r");
                    out.flush();
                } else if (attempted * 4 >= (quarter + 1) * (long) WRITES && quarter < 3) {
                    while (attempted * 4 >= (quarter + 1) * (long) WRITES && quarter < 3) {
                        quarter++;
                    }
                    out.println(line());
                }
            }
        }

        private void sample() {
            try {
                String info = admin.sync().info("memory");
                for (String line : info.split("\r\n")) {
                    if (line.startsWith("used_memory:")) {
                        long bytes = Long.parseLong(line.substring("used_memory:".length()));
                        used = bytes;
                        peak = Math.max(peak, bytes);
                    }
                }
            } catch (RuntimeException e) {
                // a missed sample: the next one, and used_memory_peak at the end, cover it
            }
        }

        private String line() {
            return String.format(
                    Locale.ROOT,
                    "  %-8s %-8s %6d/%d writes  ok %6d  shed %6d  OOM %6d  used_memory %5.1f%% of %s",
                    name,
                    counts.phase,
                    counts.attempted.get(),
                    WRITES,
                    counts.succeeded.get(),
                    counts.shed.get(),
                    counts.oom.get(),
                    100.0 * used / MAXMEMORY.toBytes(),
                    MAXMEMORY);
        }

        /** Stops sampling after a last sample and prints the final line; returns the highest used_memory seen. */
        long finish() {
            stop();
            sample();
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    out.println(line());
                    if (counts.other.get() > 0) {
                        out.println("  " + name + ": " + counts.other.get() + " writes failed with other errors");
                    }
                }
            }
            return peak;
        }

        private void stop() {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops sampling without a final line (when the drill failed). */
        @Override
        public void close() {
            stop();
        }
    }

    /** Whether the progress line is updated in place: property {@code demo.progress}, else whether on a terminal. */
    static boolean liveProgress() {
        String setting = System.getProperty("demo.progress", "auto");
        if (setting.equals("live") || setting.equals("lines")) {
            return setting.equals("live");
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a console even when output is redirected; Console.isTerminal() tells.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true; // Java 17-21: a console only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    static String table(Side raw, Side guarded) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "raw", "guarded"});
        rows.add(row("writes attempted", raw.attempted, guarded.attempted));
        rows.add(row("writes succeeded", raw.succeeded, guarded.succeeded));
        rows.add(row("shed by the guard", raw.shed, guarded.shed));
        rows.add(row("OOM errors", raw.oomErrors, guarded.oomErrors));
        if (raw.otherErrors + guarded.otherErrors > 0) {
            rows.add(row("other errors", raw.otherErrors, guarded.otherErrors));
        }
        rows.add(new String[] {
            "sessions after the flood",
            raw.sessionsAfterFloodOk + "/" + raw.sessionsAfterFloodAttempted,
            guarded.sessionsAfterFloodOk + "/" + guarded.sessionsAfterFloodAttempted
        });
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

    /** The shed classes of {@code config}: each threshold and the key patterns in it. */
    static String thresholds(GuardConfig config) {
        MemoryConfig memory = config.memory();
        StringBuilder sb = new StringBuilder("  The guard sheds writes by class, at a share of maxmemory (")
                .append(MAXMEMORY)
                .append("):")
                .append(System.lineSeparator());
        for (ShedClass shedClass : memory.shedClasses()) {
            List<String> patterns = new ArrayList<>();
            for (KeyRule rule : config.rules()) {
                if (rule.shedClass().orElse(memory.defaultShedClass()).equals(shedClass.name())) {
                    patterns.add(rule.pattern()
                            + (rule.onShed().orElse(ShedAction.THROW) == ShedAction.DROP ? " (dropped)" : ""));
                }
            }
            if (shedClass.name().equals(memory.defaultShedClass())) {
                patterns.add("every other key");
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "    %-8s at %2.0f%%: %s%n",
                    shedClass.name(),
                    100 * shedClass.threshold(),
                    patterns.isEmpty() ? "-" : String.join(", ", patterns)));
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
        StringBuilder thresholds = new StringBuilder();
        for (ShedClass shedClass : config().memory().shedClasses()) {
            thresholds
                    .append(thresholds.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "\"%s\": %.2f", shedClass.name(), shedClass.threshold()));
        }
        return "{\n  \"maxmemory_bytes\": " + MAXMEMORY.toBytes() + ",\n  \"thresholds\": {" + thresholds
                + "},\n  \"raw\": " + json(raw) + ",\n  \"guarded\": " + json(guarded) + "\n}\n";
    }

    private static String json(Side s) {
        return String.format(
                Locale.ROOT,
                "{\"attempted\": %d, \"succeeded\": %d, \"shed\": %d, \"oom_errors\": %d, \"other_errors\": %d,"
                        + " \"sessions_after_flood_ok\": %d, \"sessions_after_flood_attempted\": %d, \"keys\": %d,"
                        + " \"keys_without_ttl\": %d, \"used_memory_bytes\": %d, \"peak_used_memory_bytes\": %d,"
                        + " \"maxmemory_bytes\": %d, \"peak_used_ratio\": %.4f, \"compression_saved_bytes\": %d,"
                        + " \"values_read_back\": %d, \"values_identical\": %d}",
                s.attempted,
                s.succeeded,
                s.shed,
                s.oomErrors,
                s.otherErrors,
                s.sessionsAfterFloodOk,
                s.sessionsAfterFloodAttempted,
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

    /**
     * Rendered cache pages of 4-8 KB: review listings whose text is drawn from a vocabulary of made-up words, some
     * far more frequent than others, so they compress about as well as real pages do (LZ4 takes them to a little
     * over half), not to nothing.
     */
    static String[] cachePages(Random random, int count) {
        String[] words = new String[500];
        for (int w = 0; w < words.length; w++) {
            StringBuilder word = new StringBuilder();
            int length = 3 + random.nextInt(8);
            for (int c = 0; c < length; c++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            words[w] = word.toString();
        }
        String[] pages = new String[count];
        for (int p = 0; p < count; p++) {
            int size = 4_096 + random.nextInt(4_096);
            StringBuilder sb = new StringBuilder(size + 512)
                    .append("<section class=\"reviews\" data-page=\"")
                    .append(p)
                    .append("\">");
            while (sb.length() < size) {
                sb.append("<article data-review=\"")
                        .append(random.nextInt(10_000_000))
                        .append("\"><h3>");
                appendWords(sb, words, random, 2 + random.nextInt(5));
                sb.append("</h3><p>");
                appendWords(sb, words, random, 15 + random.nextInt(30));
                sb.append("</p><span class=\"stars\">")
                        .append(1 + random.nextInt(5))
                        .append("</span></article>");
            }
            pages[p] = sb.append("</section>").toString();
        }
        return pages;
    }

    private static void appendWords(StringBuilder sb, String[] words, Random random, int n) {
        for (int i = 0; i < n; i++) {
            double r = random.nextDouble();
            sb.append(i == 0 ? "" : " ").append(words[(int) (r * r * r * words.length)]);
        }
    }
}
