/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

/** The memory breaker's say on one write that adds memory, after the TTL policy and the size guard passed it. */
public interface Admission {

    /** Admits everything: no breaker. */
    Admission ALWAYS = (tally, bytes) -> true;

    /**
     * Returns true to send the write, false to drop it (its rule says so); throws
     * {@link io.github.redisguard.WriteShedException} to shed it with an error.
     *
     * @param tally the rules of the keys the write touches ({@link Tally#rule(int)})
     * @param bytes the bytes the write sends, keys and values
     */
    boolean admit(Tally tally, long bytes);
}
