/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.memory;

/** What happens to a write the memory breaker sheds. */
public enum ShedAction {
    /** The write fails with {@link io.github.redisguard.WriteShedException}; nothing is sent. */
    THROW,
    /**
     * The write is dropped and counted: nothing is sent and the call completes without error and without a value
     * ({@code null}). For writes nobody waits for, such as cache fills.
     */
    DROP
}
