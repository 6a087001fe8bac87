/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Real Redis servers for tests, demos and benchmarks.
 *
 * <p>{@link io.github.redisguard.test.RedisServer} is a running server: from {@code REDIS_URL}, a local
 * {@code redis-server} binary started on a free port, or a Testcontainers container, in that order, configured by
 * {@link io.github.redisguard.test.RedisServerOptions}, with a small built-in client
 * ({@link io.github.redisguard.test.RedisServer#call(String...)}, which throws
 * {@link io.github.redisguard.test.RedisErrorReply} for error replies) to administer it. In JUnit 5 tests,
 * {@link io.github.redisguard.test.RedisTest} (backed by {@link io.github.redisguard.test.RedisServerExtension})
 * gives each test class one server and injects it:
 *
 * <pre>{@code
 * @RedisTest(maxmemory = "2mb", maxmemoryPolicy = "allkeys-lru")
 * class EvictionIT {
 *
 *     @Test
 *     void write_overLimit_evicts(RedisServer redis) {
 *         RedisClient client = RedisClient.create(redis.uri());
 *         // ... write more than 2 MB ...
 *         assertThat(redis.info("stats").get("evicted_keys")).isNotEqualTo("0");
 *     }
 * }
 * }</pre>
 *
 * <p>Programs (a demo, a benchmark) start and stop one themselves:
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start(RedisServerOptions.builder().maxmemory("8mb").build())) {
 *     System.out.println("Redis at " + redis.uri() + " from " + redis.source());
 *     runDemo(redis.uri());
 * }
 * }</pre>
 *
 * <p>When no server can be had, starting fails with a message that says how to get one: set {@code REDIS_URL}, or
 * install {@code redis-server} ({@code sudo apt-get install -y redis-server}, {@code brew install redis}), or run
 * a Docker engine for Testcontainers.
 */
@NullMarked
package io.github.redisguard.test;

import org.jspecify.annotations.NullMarked;
