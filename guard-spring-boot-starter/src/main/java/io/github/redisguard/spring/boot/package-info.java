/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Redis Guard for Spring Boot. {@link io.github.redisguard.spring.boot.RedisGuardAutoConfiguration} maps
 * {@link io.github.redisguard.spring.boot.RedisGuardProperties} ({@code redis-guard.*}) and every
 * {@link io.github.redisguard.spring.boot.RedisGuardCustomizer} onto a {@code GuardConfig}, creates the
 * {@code RedisGuard}, and guards the application's {@code LettuceConnectionFactory} and {@code JedisConnectionFactory} beans through
 * {@link io.github.redisguard.spring.boot.SpringRedisGuard}, which also guards factories built by hand. The rest of the
 * package (the factory's proxy advice, the guarding connection provider, the mapper, the failure analyzer) is
 * package-private.
 */
@NullMarked
package io.github.redisguard.spring.boot;

import org.jspecify.annotations.NullMarked;
