/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.benchmarks.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Compares a raw and a guarded client doing the same work. Each comparison warms both sides up, then runs
 * {@code rounds} timed rounds per side in ABBA order (raw, guarded, guarded, raw, ...: neither side profits from its
 * position) and reports the median ops/s per side, their ratio, and the spread of the per-round-pair ratios. A
 * measurement, not a test: nothing is asserted, and the figures are only as steady as the machine.
 *
 * <p>Settings, system properties: {@code bench.e2e.warmup.seconds} (default 2 per side), {@code
 * bench.e2e.round.seconds} (1.5), {@code bench.e2e.rounds} (6 per side), {@code bench.e2e.in-flight} (512).
 */
public final class AbHarness {

    /** Work that runs for a given time and returns its operations per second. */
    @FunctionalInterface
    public interface Workload {
        double run(Duration duration) throws InterruptedException;
    }

    /** The run's settings. */
    public record Settings(Duration warmup, Duration round, int rounds, int inFlight) {

        public static Settings fromSystemProperties() {
            return new Settings(
                    seconds("bench.e2e.warmup.seconds", 2),
                    seconds("bench.e2e.round.seconds", 1.5),
                    positive("bench.e2e.rounds", 6),
                    positive("bench.e2e.in-flight", 512));
        }
    }

    /** What one comparison measured: ops/s per round for each side, in the order the rounds ran. */
    public record Row(String label, double[] raw, double[] guarded) {

        public double rawMedian() {
            return median(raw);
        }

        public double guardedMedian() {
            return median(guarded);
        }

        public double ratio() {
            return guardedMedian() / rawMedian();
        }

        public double[] pairedRatios() {
            double[] ratios = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                ratios[i] = guarded[i] / raw[i];
            }
            return ratios;
        }
    }

    private final Settings settings;

    private final PrintStream out;

    public AbHarness(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public Settings settings() {
        return settings;
    }

    /** Warms both sides up, then runs the interleaved rounds. */
    public Row compare(String label, Workload raw, Workload guarded) throws InterruptedException {
        out.printf(Locale.ROOT, "%n%s (%s s rounds)%n", label, settings.round().toNanos() / 1e9);
        out.printf(Locale.ROOT, "  warm-up  raw %,12.0f ops/s%n", raw.run(settings.warmup()));
        out.printf(Locale.ROOT, "  warm-up  guarded %,8.0f ops/s%n", guarded.run(settings.warmup()));
        double[] rawOps = new double[settings.rounds()];
        double[] guardedOps = new double[settings.rounds()];
        for (int i = 0; i < settings.rounds(); i++) {
            if (i % 2 == 0) {
                rawOps[i] = raw.run(settings.round());
                guardedOps[i] = guarded.run(settings.round());
            } else {
                guardedOps[i] = guarded.run(settings.round());
                rawOps[i] = raw.run(settings.round());
            }
            out.printf(
                    Locale.ROOT,
                    "  round %2d  raw %,12.0f ops/s   guarded %,12.0f ops/s   guarded/raw %.3f%n",
                    i + 1,
                    rawOps[i],
                    guardedOps[i],
                    guardedOps[i] / rawOps[i]);
        }
        return new Row(label, rawOps, guardedOps);
    }

    /** Calls {@code operation} with 0, 1, 2, ... on this thread for {@code duration}; returns calls per second. */
    public static double timed(Duration duration, LongConsumer operation) {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long ops = 0;
        long now;
        do {
            operation.accept(ops);
            ops++;
            now = System.nanoTime();
        } while (now < deadline);
        return ops * 1e9 / (now - start);
    }

    /**
     * Starts {@code operation(0)}, {@code operation(1)}, ... from this thread, at most {@code inFlight} outstanding,
     * until {@code duration} has passed, then waits for the last to complete; returns completions per second over
     * the whole time. A failed operation ends the round with an exception: a round with errors measures nothing.
     */
    public static double timedAsync(Duration duration, int inFlight, LongFunction<CompletionStage<?>> operation)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long ops = 0;
        do {
            permits.acquire();
            operation.apply(ops).whenComplete((reply, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
            ops++;
        } while (System.nanoTime() < deadline && failure.get() == null);
        if (!permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("operations must complete within 60 s of the round's end, but did not");
        }
        long end = System.nanoTime();
        permits.release(inFlight);
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("an operation failed, so the round measures nothing", error);
        }
        return ops * 1e9 / (end - start);
    }

    /** The Markdown table of the rows. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | raw median ops/s | guarded median ops/s | guarded/raw (medians) | raw min–max"
                + " | guarded min–max | guarded/raw per round pair, min–max |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            double[] ratios = r.pairedRatios();
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f | %.3f | %,.0f–%,.0f | %,.0f–%,.0f | %.3f–%.3f |%n",
                    r.label(),
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

    /** The rows, the settings and the environment as JSON. */
    public String json(List<Row> rows, Map<String, String> environment) {
        StringBuilder sb = new StringBuilder("{\n  \"environment\": {");
        sb.append(environment.entrySet().stream()
                .map(e -> quote(e.getKey()) + ": " + quote(e.getValue()))
                .collect(Collectors.joining(", ")));
        sb.append("},\n");
        sb.append(String.format(
                Locale.ROOT,
                "  \"settings\": {\"warmup_seconds\": %s, \"round_seconds\": %s, \"rounds_per_side\": %d,"
                        + " \"in_flight\": %d},%n",
                settings.warmup().toNanos() / 1e9,
                settings.round().toNanos() / 1e9,
                settings.rounds(),
                settings.inFlight()));
        sb.append("  \"rows\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double[] ratios = r.pairedRatios();
            sb.append(String.format(
                    Locale.ROOT,
                    "    {\"workload\": %s, \"raw_median_ops_per_s\": %.0f, \"guarded_median_ops_per_s\": %.0f,"
                            + " \"ratio_of_medians\": %.4f, \"paired_ratio_min\": %.4f, \"paired_ratio_max\": %.4f,"
                            + " \"raw_ops_per_s\": %s, \"guarded_ops_per_s\": %s}",
                    quote(r.label()),
                    r.rawMedian(),
                    r.guardedMedian(),
                    r.ratio(),
                    min(ratios),
                    max(ratios),
                    array(r.raw()),
                    array(r.guarded())));
            sb.append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        return sb.append("  ]\n}\n").toString();
    }

    /** JVM, CPU and OS the figures were measured on; callers add the server and the client versions. */
    public static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(
                "jvm",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", max heap "
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, GC "
                        + ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .map(GarbageCollectorMXBean::getName)
                                .collect(Collectors.joining(" + ")));
        env.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs available to the JVM");
        env.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")");
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

    private static String array(double[] values) {
        return Arrays.stream(values)
                .mapToObj(v -> String.format(Locale.ROOT, "%.0f", v))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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

    private static int positive(String property, int defaultValue) {
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

    /** Writes {@code text} to {@code file}; returns the absolute path written. */
    public static Path write(String file, String text) throws IOException {
        Path path = Paths.get(file);
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path.toAbsolutePath().normalize();
    }
}
