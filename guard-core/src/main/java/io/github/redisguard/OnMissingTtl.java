/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

/** What a rule does with a write that could carry a TTL and carries none. */
public enum OnMissingTtl {
    /** Give the key the rule's default TTL (with jitter, if configured). */
    APPLY_DEFAULT,
    /** Refuse the write with a {@link MissingTtlException}; nothing is sent. */
    REJECT
}
