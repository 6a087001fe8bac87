/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */

/**
 * The end-to-end A/B harness: a raw and a guarded client doing the same work against one throwaway redis-server, in
 * rounds interleaved A B B A, reported as medians and guarded/raw ratios ({@link
 * io.github.redisguard.benchmarks.harness.AbHarness}).
 */
@NullMarked
package io.github.redisguard.benchmarks.harness;

import org.jspecify.annotations.NullMarked;
