/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.benchmarks;

import io.github.redisguard.DataSize;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.codec.ValueCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Version;

/**
 * {@code make bench}: runs the JMH benchmarks with quick settings (one fork, short iterations: a few minutes on 2
 * cores), prints Markdown tables and writes {@code bench-report.md} and JMH's {@code bench-report.json} in the working
 * directory. Settings as system properties: {@code bench.forks} (1), {@code bench.warmup} (3 iterations),
 * {@code bench.iterations} (5), {@code bench.seconds} (1 per iteration), {@code bench.include} (a regular expression
 * of benchmark names, default all).
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws RunnerException, IOException {
        int forks = Integer.getInteger("bench.forks", 1);
        int warmup = Integer.getInteger("bench.warmup", 3);
        int iterations = Integer.getInteger("bench.iterations", 5);
        int seconds = Integer.getInteger("bench.seconds", 1);
        String include = System.getProperty("bench.include", "io.github.redisguard.benchmarks.*");
        Path json = Paths.get(System.getProperty("bench.report", "bench-report.json"));
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(forks)
                .warmupIterations(warmup)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        Collection<RunResult> results = new Runner(options.build()).run();
        String report = report(results, forks, warmup, iterations, seconds);
        System.out.println();
        System.out.print(report);
        Path markdown = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(markdown, report, StandardCharsets.UTF_8);
        System.out.println("Written: " + markdown.toAbsolutePath().normalize() + ", "
                + json.toAbsolutePath().normalize());
    }

    static String report(Collection<RunResult> results, int forks, int warmup, int iterations, int seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "JMH %s, %s %s, %d fork(s), %d x %d s warm-up, %d x %d s measured; ± is JMH's 99.9%% error.%n%n",
                Version.getPlainVersion(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                forks,
                warmup,
                seconds,
                iterations,
                seconds));
        StringBuilder admission = new StringBuilder();
        Map<String, double[]> codec = new LinkedHashMap<>();
        for (RunResult run : results) {
            String name = run.getParams().getBenchmark();
            String method = name.substring(name.lastIndexOf('.') + 1);
            Result<?> primary = run.getPrimaryResult();
            double alloc = allocation(run);
            if (name.contains("WriteAdmissionBenchmark") || name.contains("LocalTierBenchmark")) {
                admission.append(String.format(
                        Locale.ROOT,
                        "| %s | %.1f ± %.1f | %.0f |%n",
                        name.contains("LocalTier") ? "local tier GET hit" : "write admission, " + method,
                        primary.getScore(),
                        primary.getScoreError(),
                        alloc));
            } else if (name.contains("CodecBenchmark")) {
                String algorithm = run.getParams().getParam("algorithm");
                String payload = run.getParams().getParam("payload");
                int size = Integer.parseInt(run.getParams().getParam("size"));
                String key = algorithm + "|" + payload + "|" + size;
                double[] row = codec.computeIfAbsent(key, k -> new double[4]);
                double megabytesPerSecond = primary.getScore() * size / (1024.0 * 1024.0);
                row[method.equals("encode") ? 0 : 1] = megabytesPerSecond;
                row[method.equals("encode") ? 2 : 3] = alloc;
            }
        }
        if (admission.length() > 0) {
            sb.append("In-process cost per operation (write admission: route + plan + completion, breaker on;"
                    + " local tier: route + lookup of a cached key):\n\n");
            sb.append("| operation | ns | bytes allocated |\n|---|---:|---:|\n")
                    .append(admission)
                    .append('\n');
        }
        if (!codec.isEmpty()) {
            sb.append("Codec, one core (MB/s of original bytes; stored = header + compressed, share of original):\n\n");
            sb.append("| algorithm | payload | size | encode MB/s | decode MB/s | stored | encode bytes allocated |\n");
            sb.append("|---|---|---:|---:|---:|---:|---:|\n");
            for (Map.Entry<String, double[]> e : codec.entrySet()) {
                String[] k = e.getKey().split("\\|");
                double[] row = e.getValue();
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %.0f | %.0f | %.1f%% | %.0f |%n",
                        k[0],
                        k[1],
                        size(Integer.parseInt(k[2])),
                        row[0],
                        row[1],
                        100 * storedShare(k[0], k[1], Integer.parseInt(k[2])),
                        row[2]));
            }
        }
        return sb.toString();
    }

    private static double allocation(RunResult run) {
        Result<?> result = run.getSecondaryResults().get("gc.alloc.rate.norm");
        if (result == null) {
            result = run.getSecondaryResults().get("·gc.alloc.rate.norm");
        }
        return result == null ? Double.NaN : result.getScore();
    }

    private static double storedShare(String algorithm, String payload, int size) {
        DataSize threshold = DataSize.ofBytes(32);
        Compression compression = algorithm.equals("lz4") ? Compression.lz4(threshold) : Compression.zstd(threshold);
        byte[] value = payload.equals("json") ? Payloads.json(size, 42) : Payloads.html(size, 42);
        return (double) ValueCodec.defaults().encode(value, compression).length / size;
    }

    private static String size(int bytes) {
        return bytes >= 1024 ? (bytes / 1024) + " KB" : bytes + " B";
    }
}
