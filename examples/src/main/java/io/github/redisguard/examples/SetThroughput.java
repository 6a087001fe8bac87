/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisServerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code make throughput}: what the guard costs a Lettuce SET, as the ratio of guarded to raw throughput.
 *
 * <p>One throwaway redis-server (maxmemory 1 GB, noeviction), one {@link RedisClient}, two connections: a raw one
 * and one opened by {@link LettuceGuard#connect} with {@link GuardConfig#defaults()}, so the memory breaker is on
 * (sampling in the background, admitting every write against its estimate) while memory stays far below its
 * thresholds. Both send {@code SET key value} with
 * 1 KiB values and no TTL, so the guard rewrites every command (it appends {@code PX 86400000}); keys cycle over
 * {@value #KEYS} names per connection so memory stays bounded. Two modes, with FLUSHALL before each:
 *
 * <ul>
 *   <li>{@code sync}: one thread calling {@code sync().set(key, value)} in a loop;
 *   <li>{@code async}: one thread calling {@code async().set(key, value)} with at most {@code in-flight} commands
 *       outstanding (a semaphore released when each future completes).
 * </ul>
 *
 * <p>Each mode warms both connections up, then runs rounds of a fixed duration interleaved raw, guarded, guarded,
 * raw, raw, guarded, ... (ABBA, so that neither side profits from going first) and reports per connection the median ops/s with its min–max spread, the ratio of the medians, and the
 * range of guarded/raw ratios over the paired rounds. The report is printed as a Markdown table and written as JSON
 * to {@code throughput-report.json} in the working directory. A measurement, not a test: nothing is asserted, and
 * the figures are only as steady as the machine (the client and the server share its CPUs).
 *
 * <p>System properties (seconds may be fractional): {@code throughput.warmup.seconds} (default 2, per connection
 * and mode), {@code throughput.sync.seconds} and {@code throughput.async.seconds} (default 3, per round),
 * {@code throughput.rounds} (default 5 per connection and mode), {@code throughput.in-flight} (default 512),
 * {@code throughput.report} (the JSON file). Under {@code make throughput} pass them in {@code MAVEN_OPTS}, e.g.
 * {@code MAVEN_OPTS=-Dthroughput.rounds=9 make throughput}.
 */
public final class SetThroughput {

    static final int KEYS = 10_000;

    static final int VALUE_BYTES = 1024;

    /** The server's maxmemory: the breaker works against it, and the runs stay far below its thresholds. */
    static final long MAXMEMORY = 1024L * 1024 * 1024;

    /** {@code -Dthroughput.guarded=wrap} measures the guard without its memory breaker ({@link LettuceGuard#wrap}). */
    static final boolean BREAKER = !"wrap".equals(System.getProperty("throughput.guarded", "connect"));

    /**
     * {@code -Dthroughput.baseline=wrap} replaces the raw connection by one guarded without the breaker
     * ({@link LettuceGuard#wrap}), so that the ratio is what the memory breaker alone costs; the table still says
     * "raw" for that side.
     */
    static final boolean BASELINE_WRAP = "wrap".equals(System.getProperty("throughput.baseline", "raw"));

    /** {@code -Dthroughput.modes=sync} runs one mode only. */
    static final List<Mode> MODES = Arrays.stream(
                    System.getProperty("throughput.modes", "sync,async").split(","))
            .map(m -> Mode.valueOf(m.trim().toUpperCase(Locale.ROOT)))
            .collect(Collectors.toList());

    private SetThroughput() {}

    /** How commands are sent. */
    enum Mode {
        SYNC,
        ASYNC;

        final String label = name().toLowerCase(Locale.ROOT);
    }

    /** The run's settings, from system properties. */
    record Settings(Duration warmup, Duration syncRound, Duration asyncRound, int rounds, int inFlight, Path report) {

        static Settings fromSystemProperties() {
            return new Settings(
                    seconds("throughput.warmup.seconds", 2),
                    seconds("throughput.sync.seconds", 3),
                    seconds("throughput.async.seconds", 3),
                    positiveInt("throughput.rounds", 5),
                    positiveInt("throughput.in-flight", 512),
                    Paths.get(System.getProperty("throughput.report", "throughput-report.json")));
        }

        Duration round(Mode mode) {
            return mode == Mode.SYNC ? syncRound : asyncRound;
        }

        Duration expectedTotal() {
            Duration total = Duration.ZERO;
            for (Mode mode : Mode.values()) {
                total = total.plus(warmup.multipliedBy(2)).plus(round(mode).multipliedBy(2L * rounds));
            }
            return total;
        }

        private static Duration seconds(String property, double defaultSeconds) {
            String text = System.getProperty(property);
            double seconds = defaultSeconds;
            if (text != null) {
                try {
                    seconds = Double.parseDouble(text.trim());
                } catch (NumberFormatException e) {
                    seconds = Double.NaN;
                }
                if (!(seconds > 0) || Double.isInfinite(seconds)) {
                    throw new IllegalArgumentException(String.format(
                            Locale.ROOT, "%s must be a positive number of seconds, but was %s", property, text));
                }
            }
            return Duration.ofNanos(Math.round(seconds * 1e9));
        }

        private static int positiveInt(String property, int defaultValue) {
            String text = System.getProperty(property);
            if (text == null) {
                return defaultValue;
            }
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                value = 0;
            }
            if (value <= 0) {
                throw new IllegalArgumentException(
                        String.format(Locale.ROOT, "%s must be a positive integer, but was %s", property, text));
            }
            return value;
        }
    }

    /** One connection under test and the keys it writes. */
    record Variant(String name, StatefulRedisConnection<String, String> connection, String[] keys) {}

    /** What one mode measured: ops/s per round for each connection, in the order the rounds ran. */
    record ModeResult(Mode mode, double[] raw, double[] guarded) {

        double rawMedian() {
            return median(raw);
        }

        double guardedMedian() {
            return median(guarded);
        }

        double ratio() {
            return guardedMedian() / rawMedian();
        }

        double[] pairedRatios() {
            double[] ratios = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                ratios[i] = guarded[i] / raw[i];
            }
            return ratios;
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintStream out = System.out;
        Settings settings = Settings.fromSystemProperties();
        String value = value();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ModeResult> results = new ArrayList<>();
        Map<String, String> environment;
        long ttlApplied;
        double peakRatio;
        try (RedisServer server = RedisServer.start(RedisServerOptions.builder()
                .maxmemory(MAXMEMORY)
                .maxmemoryPolicy("noeviction")
                .build())) {
            environment = environment(server);
            out.printf(
                    Locale.ROOT,
                    "Redis Guard SET throughput: raw vs guarded Lettuce, %d-byte values, %d keys per connection,"
                            + " against %s (%s).%n",
                    VALUE_BYTES,
                    KEYS,
                    server.uri(),
                    server.source());
            out.printf(
                    Locale.ROOT,
                    "Per mode: %s warm-up per connection, then %d rounds per connection interleaved raw/guarded (ABBA: who goes first alternates);"
                            + " about %d s in all.%n",
                    seconds(settings.warmup()),
                    settings.rounds(),
                    settings.expectedTotal().toSeconds());
            RedisClient client = RedisClient.create(server.uri());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (RedisGuard guard = RedisGuard.builder(GuardConfig.defaults())
                            .meterRegistry(registry)
                            .build();
                    RedisGuard baselineGuard = RedisGuard.builder(GuardConfig.defaults())
                            .meterRegistry(new SimpleMeterRegistry())
                            .build();
                    StatefulRedisConnection<String, String> rawConnection =
                            BASELINE_WRAP ? LettuceGuard.wrap(client.connect(), baselineGuard) : client.connect();
                    StatefulRedisConnection<String, String> guardedConnection = BREAKER
                            ? LettuceGuard.connect(client, RedisURI.create(server.uri()), guard)
                            : LettuceGuard.wrap(client.connect(), guard)) {
                Variant raw = new Variant("raw", rawConnection, keys("bench:raw:"));
                Variant guarded = new Variant("guarded", guardedConnection, keys("bench:grd:"));
                for (Mode mode : MODES) {
                    server.call("FLUSHALL");
                    results.add(run(mode, raw, guarded, value, settings, out));
                    checkTtls(rawConnection, guardedConnection, raw, guarded, mode);
                }
            } finally {
                client.shutdown();
            }
            peakRatio = (double) Long.parseLong(server.info("memory").get("used_memory_peak")) / MAXMEMORY;
            ttlApplied = (long) registry.find("redis.guard.ttl").tag("action", "applied").counters().stream()
                    .mapToDouble(c -> c.count())
                    .sum();
        }
        out.println();
        out.print(table(results));
        out.println();
        out.printf(
                Locale.ROOT,
                "Guard: GuardConfig.defaults() through %s, maxmemory %d MB, peak used_memory %.1f%% of it, far below"
                        + " the lowest threshold); it appended a TTL to %,d SETs (every guarded SET, warm-up included).%n",
                (BREAKER ? "LettuceGuard.connect (memory breaker on" : "LettuceGuard.wrap (no memory breaker")
                        + (BASELINE_WRAP ? "; the \"raw\" side is LettuceGuard.wrap, guarded without the breaker" : ""),
                MAXMEMORY >> 20,
                100 * peakRatio,
                ttlApplied);
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            out.printf(Locale.ROOT, "%-10s %s%n", entry.getKey() + ":", entry.getValue());
        }
        Path report = settings.report();
        Files.writeString(report, json(startedAt, settings, environment, ttlApplied, results), StandardCharsets.UTF_8);
        out.println("Figures written to " + report.toAbsolutePath().normalize());
    }

    /** Warms both connections up, then runs the interleaved rounds of one mode. */
    static ModeResult run(Mode mode, Variant raw, Variant guarded, String value, Settings settings, PrintStream out)
            throws InterruptedException {
        Duration round = settings.round(mode);
        out.printf(Locale.ROOT, "%n%s (%s rounds", mode.label, seconds(round));
        if (mode == Mode.ASYNC) {
            out.printf(Locale.ROOT, ", at most %d commands in flight", settings.inFlight());
        }
        out.println(")");
        for (Variant variant : List.of(raw, guarded)) {
            double opsPerSecond = measure(mode, variant, value, settings.warmup(), settings.inFlight());
            out.printf(Locale.ROOT, "  warm-up  %-8s %,12.0f ops/s%n", variant.name(), opsPerSecond);
        }
        double[] rawOps = new double[settings.rounds()];
        double[] guardedOps = new double[settings.rounds()];
        for (int i = 0; i < settings.rounds(); i++) {
            // ABBA order: which connection runs first alternates, so neither profits from its position.
            if (i % 2 == 0) {
                rawOps[i] = measure(mode, raw, value, round, settings.inFlight());
                guardedOps[i] = measure(mode, guarded, value, round, settings.inFlight());
            } else {
                guardedOps[i] = measure(mode, guarded, value, round, settings.inFlight());
                rawOps[i] = measure(mode, raw, value, round, settings.inFlight());
            }
            out.printf(
                    Locale.ROOT,
                    "  round %d  raw %,12.0f ops/s   guarded %,12.0f ops/s   guarded/raw %.3f%n",
                    i + 1,
                    rawOps[i],
                    guardedOps[i],
                    guardedOps[i] / rawOps[i]);
        }
        return new ModeResult(mode, rawOps, guardedOps);
    }

    /** Sends SETs on one connection for {@code duration}; returns completed SETs per second. */
    static double measure(Mode mode, Variant variant, String value, Duration duration, int inFlight)
            throws InterruptedException {
        return mode == Mode.SYNC
                ? measureSync(variant.connection().sync(), variant.keys(), value, duration)
                : measureAsync(variant.connection().async(), variant.keys(), value, duration, inFlight);
    }

    static double measureSync(RedisCommands<String, String> redis, String[] keys, String value, Duration duration) {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long ops = 0;
        long now;
        do {
            redis.set(keys[(int) (ops % keys.length)], value);
            ops++;
            now = System.nanoTime();
        } while (now < deadline);
        return ops * 1e9 / (now - start);
    }

    /**
     * Submits SETs from this thread, at most {@code inFlight} outstanding, until {@code duration} has passed; then
     * waits for the last replies. Throughput counts every SET over the time until the last reply.
     */
    static double measureAsync(
            RedisAsyncCommands<String, String> redis, String[] keys, String value, Duration duration, int inFlight)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long ops = 0;
        do {
            permits.acquire();
            redis.set(keys[(int) (ops % keys.length)], value).whenComplete((reply, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
            ops++;
        } while (System.nanoTime() < deadline && failure.get() == null);
        if (!permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("async SETs must complete within 60 s of the round's end, but did not");
        }
        long end = System.nanoTime();
        permits.release(inFlight);
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("an async SET failed, so the round measures nothing", error);
        }
        return ops * 1e9 / (end - start);
    }

    /** Shows that the guarded connection really rewrote its SETs and the raw one did not. */
    private static void checkTtls(
            StatefulRedisConnection<String, String> rawConnection,
            StatefulRedisConnection<String, String> guardedConnection,
            Variant raw,
            Variant guarded,
            Mode mode) {
        long rawTtl = rawConnection.sync().pttl(raw.keys()[0]);
        long guardedTtl = guardedConnection.sync().pttl(guarded.keys()[0]);
        if ((BASELINE_WRAP ? rawTtl <= 0 : rawTtl != -1) || guardedTtl <= 0) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "after %s, raw keys must have no TTL and guarded keys one, but PTTL was %d (raw) and %d (guarded)",
                    mode.label,
                    rawTtl,
                    guardedTtl));
        }
    }

    static String table(List<ModeResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| mode | raw median ops/s | guarded median ops/s | guarded/raw (medians) | raw min–max"
                + " | guarded min–max | guarded/raw per round pair, min–max |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (ModeResult r : results) {
            double[] ratios = r.pairedRatios();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f | %.3f | %,.0f–%,.0f | %,.0f–%,.0f | %.3f–%.3f |%n",
                    r.mode().label,
                    r.rawMedian(),
                    r.guardedMedian(),
                    r.ratio(),
                    min(r.raw()),
                    max(r.raw()),
                    min(r.guarded()),
                    max(r.guarded()),
                    min(ratios),
                    max(ratios)));
        }
        return sb.toString();
    }

    static String json(
            Instant startedAt,
            Settings settings,
            Map<String, String> environment,
            long ttlApplied,
            List<ModeResult> results) {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"started_at\": ").append(quote(startedAt.toString())).append(",\n");
        sb.append("  \"environment\": {");
        sb.append(environment.entrySet().stream()
                .map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining(", ")));
        sb.append("},\n");
        sb.append(String.format(
                Locale.ROOT,
                "  \"settings\": {\"command\": \"SET key value (no TTL)\", \"guard_config\": \"GuardConfig.defaults()\","
                        + " \"guarded_with\": \"%s\", \"maxmemory_bytes\": %d,"
                        + " \"value_bytes\": %d, \"keys_per_connection\": %d, \"warmup_seconds\": %s,"
                        + " \"rounds_per_connection\": %d, \"sync_round_seconds\": %s, \"async_round_seconds\": %s,"
                        + " \"async_in_flight\": %d},%n",
                BREAKER ? "LettuceGuard.connect (memory breaker on)" : "LettuceGuard.wrap (no memory breaker)",
                MAXMEMORY,
                VALUE_BYTES,
                KEYS,
                secondsOf(settings.warmup()),
                settings.rounds(),
                secondsOf(settings.syncRound()),
                secondsOf(settings.asyncRound()),
                settings.inFlight()));
        sb.append("  \"guard_ttl_applied\": ").append(ttlApplied).append(",\n");
        sb.append("  \"modes\": [\n");
        for (int i = 0; i < results.size(); i++) {
            ModeResult r = results.get(i);
            double[] ratios = r.pairedRatios();
            sb.append(String.format(
                    Locale.ROOT,
                    "    {\"mode\": %s, \"raw\": %s, \"guarded\": %s, \"ratio_of_medians\": %.4f,"
                            + " \"paired_ratio_min\": %.4f, \"paired_ratio_max\": %.4f, \"paired_ratios\": %s}",
                    quote(r.mode().label),
                    json(r.raw()),
                    json(r.guarded()),
                    r.ratio(),
                    min(ratios),
                    max(ratios),
                    array(ratios, "%.4f")));
            sb.append(i + 1 < results.size() ? ",\n" : "\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    private static String json(double[] opsPerSecond) {
        return String.format(
                Locale.ROOT,
                "{\"median_ops_per_s\": %.0f, \"min_ops_per_s\": %.0f, \"max_ops_per_s\": %.0f, \"rounds_ops_per_s\": %s}",
                median(opsPerSecond),
                min(opsPerSecond),
                max(opsPerSecond),
                array(opsPerSecond, "%.0f"));
    }

    private static String array(double[] values, String format) {
        return Arrays.stream(values)
                .mapToObj(v -> String.format(Locale.ROOT, format, v))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /** JVM, CPU, OS and server the figures were measured on. */
    static Map<String, String> environment(RedisServer server) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(
                "jvm",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vm.vendor") + "), max heap "
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, GC "
                        + ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .map(GarbageCollectorMXBean::getName)
                                .collect(Collectors.joining(" + ")));
        env.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs available to the JVM");
        env.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")");
        Map<String, String> info = server.info("server");
        env.put(
                "redis",
                "redis-server " + info.getOrDefault("redis_version", "unknown") + " (" + server.source() + ", "
                        + info.getOrDefault("multiplexing_api", "?") + ")");
        String lettuce = RedisClient.class.getPackage().getImplementationVersion();
        env.put("lettuce", lettuce == null ? "unknown" : lettuce);
        return env;
    }

    private static String cpuModel() {
        Path cpuinfo = Paths.get("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                    if (line.startsWith("model name") && line.contains(":")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the architecture
            }
        }
        return System.getProperty("os.arch");
    }

    /** A 1 KiB printable value, the same every run. */
    static String value() {
        Random random = new Random(42);
        char[] chars = new char[VALUE_BYTES];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    private static String[] keys(String prefix) {
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = prefix + String.format(Locale.ROOT, "%05d", i);
        }
        return keys;
    }

    private static String seconds(Duration duration) {
        return secondsOf(duration) + " s";
    }

    private static double secondsOf(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
