/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * JMH benchmarks of what the guard costs inside the client: deciding a write ({@link
 * io.github.redisguard.benchmarks.WriteAdmissionBenchmark}), compressing and restoring values ({@link
 * io.github.redisguard.benchmarks.CodecBenchmark}). {@link io.github.redisguard.benchmarks.Bench} runs them with quick
 * settings for {@code make bench}. Not published.
 */
@NullMarked
package io.github.redisguard.benchmarks;

import org.jspecify.annotations.NullMarked;
