/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.benchmarks;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What compression saves on the server: one corpus of values (JSON documents and HTML fragments of 1 KB to 64 KB,
 * the shapes of {@link Payloads}) written through the guard with no compression, LZ4 and Zstd, each to a fresh
 * throwaway redis-server, and the growth of {@code used_memory} compared. Prints a Markdown table and writes
 * {@code compression-memory.json} (or {@code -Dbench.compression.report}).
 */
public final class CompressionMemory {

    static final int VALUES = 2_000;

    static final DataSize THRESHOLD = DataSize.ofBytes(512);

    private CompressionMemory() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        List<byte[]> corpus = corpus();
        long payload = corpus.stream().mapToLong(v -> v.length).sum();
        String[] names = {"none", "lz4", "zstd"};
        Compression[] algorithms = {Compression.none(), Compression.lz4(THRESHOLD), Compression.zstd(THRESHOLD)};
        long[] growth = new long[names.length];
        for (int i = 0; i < names.length; i++) {
            growth[i] = measure(corpus, algorithms[i]);
        }
        StringBuilder md = new StringBuilder(String.format(
                Locale.ROOT,
                "Server memory for %,d values (%,.1f MB of JSON and HTML, 1-64 KB each), compression threshold %s:%n%n",
                VALUES,
                payload / (1024.0 * 1024.0),
                THRESHOLD));
        md.append("| compression | used_memory growth | per value | vs none |\n|---|---:|---:|---:|\n");
        StringBuilder json = new StringBuilder("{\"values\": ")
                .append(VALUES)
                .append(", \"payload_bytes\": ")
                .append(payload)
                .append(", \"threshold_bytes\": ")
                .append(THRESHOLD.toBytes())
                .append(", \"used_memory_growth_bytes\": {");
        for (int i = 0; i < names.length; i++) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.2f MB | %,d B | %.1f%% |%n",
                    names[i],
                    growth[i] / (1024.0 * 1024.0),
                    growth[i] / VALUES,
                    100.0 * growth[i] / growth[0]));
            json.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(names[i])
                    .append("\": ")
                    .append(growth[i]);
        }
        json.append("}}\n");
        md.append('\n');
        System.out.print(md);
        Path report = Paths.get(System.getProperty("bench.compression.report", "compression-memory.json"));
        Path markdown = report.resolveSibling(report.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(report, json, StandardCharsets.UTF_8);
        Files.writeString(markdown, md, StandardCharsets.UTF_8);
        System.out.println("Written: " + report.toAbsolutePath().normalize() + ", "
                + markdown.toAbsolutePath().normalize());
    }

    /** Half JSON, half HTML, sizes spread log-uniformly from 1 KB to 64 KB; the same corpus every run. */
    static List<byte[]> corpus() {
        Random random = new Random(7);
        List<byte[]> corpus = new ArrayList<>(VALUES);
        for (int i = 0; i < VALUES; i++) {
            int size = (int) (1024 * Math.pow(64, random.nextDouble()));
            corpus.add(i % 2 == 0 ? Payloads.json(size, i) : Payloads.html(size, i));
        }
        return corpus;
    }

    /** Writes the corpus through a guard compressing with {@code compression}; returns used_memory's growth. */
    static long measure(List<byte[]> corpus, Compression compression) throws InterruptedException {
        try (RedisServer server = RedisServer.start();
                RedisGuard guard = RedisGuard.builder(GuardConfig.builder()
                                .defaultTtl(Duration.ofHours(1))
                                .compression(compression)
                                .build())
                        .meterRegistry(new SimpleMeterRegistry())
                        .build()) {
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<byte[], byte[]> connection =
                    LettuceGuard.wrap(client.connect(ByteArrayCodec.INSTANCE), guard)) {
                connection.sync().ping();
                long before = server.usedMemory();
                List<RedisFuture<String>> pending = new ArrayList<>();
                for (int i = 0; i < corpus.size(); i++) {
                    pending.add(
                            connection.async().set(("doc:" + i).getBytes(StandardCharsets.US_ASCII), corpus.get(i)));
                }
                for (RedisFuture<String> future : pending) {
                    future.get(60, TimeUnit.SECONDS);
                }
                return server.usedMemory() - before;
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("writing the corpus failed", e);
            } finally {
                client.shutdown();
            }
        }
    }
}
