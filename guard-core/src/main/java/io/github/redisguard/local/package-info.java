/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The local tier's settings. {@link io.github.redisguard.local.LocalTierConfig} says which keys are cached in the
 * application's memory (prefix patterns), how much (entries, bytes), for how long at most (max staleness), and
 * whether an entry may be served past its end while Redis cannot be reached (stale-if-error). It is part of
 * {@link io.github.redisguard.GuardConfig}; adapters that can track the server's changes use it.
 */
@NullMarked
package io.github.redisguard.local;

import org.jspecify.annotations.NullMarked;
