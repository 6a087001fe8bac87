/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Redis Guard for Lettuce. {@link io.github.redisguard.lettuce.LettuceGuard#wrap} returns a connection whose
 * {@code sync()}, {@code async()} and {@code reactive()} views send every command through the guard: writes get
 * their TTL, size check and compression; reads of compressed values come back decompressed.
 * {@link io.github.redisguard.lettuce.LettuceGuard#connect(io.lettuce.core.cluster.RedisClusterClient,
 * io.github.redisguard.RedisGuard) connect(RedisClusterClient, ...)} does the same for Redis Cluster connections, with a
 * memory breaker per node. Everything else in this package is package-private.
 */
@NullMarked
package io.github.redisguard.lettuce;

import org.jspecify.annotations.NullMarked;
