/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * {@code make calibrate}: how many bytes of server memory one admitted byte costs, per data shape, which is what the
 * memory breaker's {@link MemoryConfig#overheadFactor()} approximates between two samples.
 *
 * <p>For each shape a fresh throwaway redis-server (no maxmemory) receives the writes through a guarded Lettuce
 * connection (default TTL 1 hour, no compression, so every key also carries an expiry as it does under the guard).
 * The bytes the breaker counts for each write ({@link io.github.redisguard.spi.CommandPlan#memoryBytes()}: the
 * arguments sent, without the script text) are summed, and compared with the growth of {@code used_memory}. The
 * ratio is the overhead factor that shape would need for the estimate to be exact. A measurement: nothing is
 * asserted. Printed as a Markdown table.
 */
public final class MemoryCalibration {

    /** Bytes each shape writes in all, roughly. */
    static final long VOLUME = 16L * 1024 * 1024;

    private MemoryCalibration() {}

    /** One data shape: the command name and the arguments of its {@code i}-th write, and how to send them. */
    record Shape(
            String label,
            String command,
            BiFunction<Integer, String, List<String>> arguments,
            BiFunction<RedisAsyncCommands<String, String>, List<String>, RedisFuture<?>> send,
            int bytesPerWrite) {}

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        List<Shape> shapes = shapes();
        out.println("Redis Guard memory calibration: used_memory growth per byte the breaker counts, per shape.");
        out.println();
        MemoryConfig defaults = MemoryConfig.defaults();
        out.println("| shape | writes | counted bytes per write | used_memory growth per write | growth / counted"
                + " | breaker estimate / growth |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (Shape shape : shapes) {
            long[] result = measure(shape);
            double estimate = result[1] * defaults.overheadFactor()
                    + result[0] * defaults.writeOverhead().toBytes();
            out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %.1f | %.1f | %.2f | %.2f |%n",
                    shape.label(),
                    result[0],
                    (double) result[1] / result[0],
                    (double) result[2] / result[0],
                    (double) result[2] / result[1],
                    estimate / result[2]);
        }
        out.println();
        out.println("Redis " + redisVersion()
                + ", default TTL on every key. Breaker estimate per write: counted bytes x "
                + defaults.overheadFactor() + " + " + defaults.writeOverhead().toBytes()
                + " bytes (the defaults); above 1 errs towards shedding early, below 1 towards late.");
    }

    private static String redisVersion() {
        try (RedisServer server = RedisServer.start()) {
            return server.info("server").get("redis_version");
        }
    }

    /** Returns writes, counted bytes, used_memory growth. */
    static long[] measure(Shape shape) throws InterruptedException {
        try (RedisServer server = RedisServer.start();
                RedisGuard guard = RedisGuard.builder(GuardConfig.builder()
                                .defaultTtl(Duration.ofHours(1))
                                .build())
                        .meterRegistry(new SimpleMeterRegistry())
                        .build()) {
            CommandGuard commands = guard.commandGuard();
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = LettuceGuard.wrap(client.connect(), guard)) {
                connection.sync().ping();
                long before = server.usedMemory();
                int writes = (int) (VOLUME / shape.bytesPerWrite());
                long counted = 0;
                Semaphore inFlight = new Semaphore(256);
                AtomicLong failed = new AtomicLong();
                AtomicReference<Throwable> firstError = new AtomicReference<>();
                for (int i = 0; i < writes; i++) {
                    List<String> arguments = shape.arguments().apply(i, "k:" + i);
                    List<byte[]> raw = new ArrayList<>(arguments.size());
                    for (String argument : arguments) {
                        raw.add(argument.getBytes(StandardCharsets.UTF_8));
                    }
                    counted +=
                            commands.plan(commands.route(shape.command()), raw).memoryBytes();
                    inFlight.acquire();
                    shape.send().apply(connection.async(), arguments).whenComplete((ok, error) -> {
                        if (error != null) {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                        inFlight.release();
                    });
                }
                if (!inFlight.tryAcquire(256, 60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("writes did not complete");
                }
                if (failed.get() > 0) {
                    throw new IllegalStateException(failed.get() + " writes failed", firstError.get());
                }
                long after = server.usedMemory();
                return new long[] {writes, counted, after - before};
            } finally {
                client.shutdown();
            }
        }
    }

    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        for (int size : new int[] {16, 100, 1024, 8 * 1024, 64 * 1024}) {
            String value = "v".repeat(size);
            shapes.add(new Shape(
                    "SET, " + label(size) + " values",
                    "SET",
                    (i, key) -> List.of(key, value),
                    (redis, a) -> redis.set(a.get(0), a.get(1)),
                    size + 10));
        }
        shapes.add(new Shape(
                "HSET, 10 fields of 20 bytes per key (listpack)",
                "HSET",
                (i, key) -> {
                    List<String> a = new ArrayList<>();
                    a.add(key);
                    for (int f = 0; f < 10; f++) {
                        a.add("field" + f);
                        a.add("x".repeat(20));
                    }
                    return a;
                },
                (redis, a) -> redis.hset(a.get(0), pairs(a)),
                10 + 10 * 26));
        shapes.add(new Shape(
                "HSET, one 100-byte field per call, 1,000 per hash (hashtable)",
                "HSET",
                (i, key) -> List.of("h:" + (i / 1000), "field" + i, "x".repeat(100)),
                (redis, a) -> redis.hset(a.get(0), a.get(1), a.get(2)),
                110));
        shapes.add(new Shape(
                "RPUSH, one 100-byte element per call, 1,000 per list",
                "RPUSH",
                (i, key) -> List.of("l:" + (i / 1000), "x".repeat(90) + String.format(Locale.ROOT, "%010d", i)),
                (redis, a) -> redis.rpush(a.get(0), a.get(1)),
                100));
        shapes.add(new Shape(
                "SADD, one 16-byte member per call, 1,000 per set",
                "SADD",
                (i, key) -> List.of("s:" + (i / 1000), String.format(Locale.ROOT, "member%010d", i)),
                (redis, a) -> redis.sadd(a.get(0), a.get(1)),
                16));
        shapes.add(new Shape(
                "ZADD, one 16-byte member per call, 1,000 per sorted set",
                "ZADD",
                (i, key) ->
                        List.of("z:" + (i / 1000), Integer.toString(i), String.format(Locale.ROOT, "member%010d", i)),
                (redis, a) -> redis.zadd(a.get(0), Double.parseDouble(a.get(1)), a.get(2)),
                20));
        shapes.add(new Shape(
                "XADD, 5 fields of 20 bytes per entry, one stream",
                "XADD",
                (i, key) -> {
                    List<String> a = new ArrayList<>();
                    a.add("x:stream");
                    a.add("*");
                    for (int f = 0; f < 5; f++) {
                        a.add("field" + f);
                        a.add("x".repeat(20));
                    }
                    return a;
                },
                (redis, a) -> redis.xadd(a.get(0), pairs(a.subList(1, a.size()))),
                5 * 26));
        return shapes;
    }

    /** The field/value pairs after the key (or the first argument). */
    private static Map<String, String> pairs(List<String> a) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 1; i + 1 < a.size(); i += 2) {
            pairs.put(a.get(i), a.get(i + 1));
        }
        return pairs;
    }

    private static String label(int size) {
        return size >= 1024 ? (size / 1024) + " KB" : size + "-byte";
    }
}
