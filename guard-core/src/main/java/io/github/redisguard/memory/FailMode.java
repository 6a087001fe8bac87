/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.memory;

/** What the breaker does while it cannot read the server's memory (INFO refused by an ACL, server unreachable). */
public enum FailMode {
    /** Admit writes as if memory were fine: the application keeps working, the server's own limit still applies. */
    OPEN,
    /** Shed every write that adds memory (freeing writes still pass): safe for the server, hard on the application. */
    CLOSED
}
