/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * What client adapters call. An adapter intercepts each command its client sends, asks
 * {@link io.github.redisguard.spi.CommandGuard#route(String)} how the guard treats the command name, and, when the
 * route {@linkplain io.github.redisguard.spi.CommandRoute#inspectsArguments() inspects arguments}, hands the
 * arguments to {@link io.github.redisguard.spi.CommandGuard#plan(CommandRoute, java.util.List)} and sends what the
 * returned {@link io.github.redisguard.spi.CommandPlan} says. Replies are decoded as the plan's
 * {@link io.github.redisguard.spi.ReplyDecoding} says. Adapters translate; the guard decides.
 */
@NullMarked
package io.github.redisguard.spi;

import org.jspecify.annotations.NullMarked;
