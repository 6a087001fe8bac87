/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Implementation of the guard's decisions: key patterns, resolved rules, the command catalogue, the planner that
 * turns a command into what an adapter sends, and the meters. No compatibility promise: types here may change in
 * any release. Applications and adapters use the public packages and {@code io.github.redisguard.spi}.
 */
@NullMarked
package io.github.redisguard.internal;

import org.jspecify.annotations.NullMarked;
