/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The memory circuit breaker: {@link io.github.redisguard.internal.memory.InfoParser} reads INFO replies,
 * {@link io.github.redisguard.internal.memory.MemoryBreaker} estimates memory and decides per write (pure logic,
 * driven by samples and an injected clock), {@link io.github.redisguard.internal.memory.MemoryMonitor} samples one
 * node in the background and mirrors the breaker into Resilience4j and Micrometer. No compatibility promise.
 */
@NullMarked
package io.github.redisguard.internal.memory;

import org.jspecify.annotations.NullMarked;
