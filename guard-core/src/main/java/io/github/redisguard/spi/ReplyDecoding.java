/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

/** Which bulk strings of a reply are stored values that an adapter passes through {@link CommandGuard#decode}. */
public enum ReplyDecoding {
    /** None: the reply holds no stored values (or only values the guard never compresses). */
    NONE,
    /** Every bulk string of the reply, at any depth (GET, MGET, HMGET, HVALS, SET ... GET). */
    VALUES,
    /**
     * Every second bulk string, starting with the second: field/value replies such as HGETALL, whether they arrive as
     * a flat array (RESP2) or a map (RESP3).
     */
    MAP_VALUES
}
