/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.memory;

import java.time.Instant;

/**
 * What one look at a server's {@code INFO memory} and {@code INFO stats} found. Sizes in bytes; a field the server
 * did not report is 0 (or empty for the policy).
 *
 * @param node the node, {@code host:port}
 * @param time when the reply arrived
 * @param usedMemory {@code used_memory}
 * @param maxmemory {@code maxmemory}; 0 means the server has no limit
 * @param totalSystemMemory {@code total_system_memory}
 * @param maxmemoryPolicy {@code maxmemory_policy}
 * @param fragmentationRatio {@code mem_fragmentation_ratio}
 * @param evictedKeys {@code evicted_keys}
 */
public record MemorySample(
        String node,
        Instant time,
        long usedMemory,
        long maxmemory,
        long totalSystemMemory,
        String maxmemoryPolicy,
        double fragmentationRatio,
        long evictedKeys) {}
