/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Writes as fast as a connection's async view can, and counts what became of each write. */
final class Flood {

    private Flood() {}

    /** SETs {@code count} values of {@code size} bytes to {@code prefix + i}, at most {@code inFlight} at once. */
    static io.github.redisguard.scenarios.Flood run(
            StatefulRedisConnection<String, String> connection, String prefix, int count, int size, int inFlight)
            throws InterruptedException {
        io.github.redisguard.scenarios.Flood flood = new io.github.redisguard.scenarios.Flood();
        String value = "v".repeat(size);
        Semaphore permits = new Semaphore(inFlight);
        for (int i = 0; i < count; i++) {
            permits.acquire();
            flood.attempted.incrementAndGet();
            RedisFuture<String> future = connection.async().set(prefix + i, value);
            future.whenComplete((ok, error) -> {
                flood.count(error);
                permits.release();
            });
        }
        if (!permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("flood did not complete");
        }
        return flood;
    }
}
