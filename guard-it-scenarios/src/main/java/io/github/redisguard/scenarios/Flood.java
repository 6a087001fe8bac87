/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import io.github.redisguard.WriteShedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** What became of the writes of a flood: each one counted once. Thread-safe. */
public final class Flood {

    public final AtomicLong attempted = new AtomicLong();
    public final AtomicLong succeeded = new AtomicLong();
    public final AtomicLong oom = new AtomicLong();
    public final AtomicLong shed = new AtomicLong();
    public final AtomicLong otherErrors = new AtomicLong();

    /** Counts one write: null for success, else its error (wrapped or not). */
    public void count(@Nullable Throwable error) {
        Throwable cause =
                error instanceof CompletionException || error instanceof ExecutionException ? error.getCause() : error;
        if (cause == null) {
            succeeded.incrementAndGet();
        } else if (cause instanceof WriteShedException) {
            shed.incrementAndGet();
        } else if (String.valueOf(cause.getMessage()).startsWith("OOM")) {
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
