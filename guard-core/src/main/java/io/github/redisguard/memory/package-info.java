/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The memory circuit breaker's settings. {@link io.github.redisguard.memory.MemoryConfig} says how memory is
 * watched (sampling, estimate, fail mode, the limit when the server has none) and which
 * {@link io.github.redisguard.memory.ShedClass}es exist; each {@link io.github.redisguard.KeyRule} names its class
 * and its {@link io.github.redisguard.memory.ShedAction}. {@link io.github.redisguard.memory.MemorySample} is what one
 * look at the server's {@code INFO} found.
 */
@NullMarked
package io.github.redisguard.memory;

import org.jspecify.annotations.NullMarked;
