/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.WriteShedException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Writes as fast as the client can, async and pipelined, and counts what became of each write. */
final class Flood {

    final AtomicLong attempted = new AtomicLong();
    final AtomicLong succeeded = new AtomicLong();
    final AtomicLong oom = new AtomicLong();
    final AtomicLong shed = new AtomicLong();
    final AtomicLong otherErrors = new AtomicLong();

    /** SETs {@code count} values of {@code size} bytes to {@code prefix + i}, at most {@code inFlight} at once. */
    static Flood run(
            StatefulRedisConnection<String, String> connection, String prefix, int count, int size, int inFlight)
            throws InterruptedException {
        Flood flood = new Flood();
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

    void count(Throwable error) {
        Throwable cause =
                error instanceof CompletionException || error instanceof ExecutionException ? error.getCause() : error;
        if (cause == null) {
            succeeded.incrementAndGet();
        } else if (cause instanceof WriteShedException) {
            shed.incrementAndGet();
        } else if (cause instanceof RedisCommandExecutionException
                && String.valueOf(cause.getMessage()).startsWith("OOM")) {
            oom.incrementAndGet();
        } else {
            otherErrors.incrementAndGet();
        }
    }

    @Override
    public String toString() {
        return "Flood{attempted=" + attempted + ", succeeded=" + succeeded + ", oom=" + oom + ", shed=" + shed
                + ", other=" + otherErrors + "}";
    }
}
