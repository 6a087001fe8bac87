/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.benchmarks;

import io.github.redisguard.DataSize;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.codec.ValueCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compressing a value as the guard stores it (header + compressed bytes) and restoring it, per algorithm, size and
 * payload shape. One value per trial, so the figures are for a warm cache, as for a hot write path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    @Param({"lz4", "zstd"})
    public String algorithm;

    @Param({"1024", "16384", "262144"})
    public int size;

    @Param({"json", "html"})
    public String payload;

    private final ValueCodec codec = ValueCodec.defaults();

    private Compression compression = Compression.none();

    private byte[] value = new byte[0];

    private byte[] stored = new byte[0];

    @Setup
    public void setUp() {
        DataSize threshold = DataSize.ofBytes(32);
        compression = algorithm.equals("lz4") ? Compression.lz4(threshold) : Compression.zstd(threshold);
        value = payload.equals("json") ? Payloads.json(size, 42) : Payloads.html(size, 42);
        stored = codec.encode(value, compression);
        if (!ValueCodec.isEncoded(stored)) {
            throw new IllegalStateException(payload + " of " + size + " bytes did not compress with " + algorithm);
        }
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(value, compression);
    }

    @Benchmark
    public byte[] decode() {
        return codec.decode(stored);
    }
}
