/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Redis Guard: what an application configures and what it may catch. {@link io.github.redisguard.GuardConfig}
 * holds the settings, as an ordered list of {@link io.github.redisguard.KeyRule}s (first match wins) over
 * defaults; {@link io.github.redisguard.RedisGuard} turns a configuration into the thread-safe runtime that the
 * client adapters ({@code LettuceGuard}, ...) share; every refusal is a {@link io.github.redisguard.GuardException}.
 */
@NullMarked
package io.github.redisguard;

import org.jspecify.annotations.NullMarked;
