/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The local tier on Caffeine: {@link io.github.redisguard.internal.local.CaffeineLocalTier} holds one server's
 * entries, {@link io.github.redisguard.internal.local.LocalTierMetrics} counts what it does. Internal: no
 * compatibility promise.
 */
@NullMarked
package io.github.redisguard.internal.local;

import org.jspecify.annotations.NullMarked;
