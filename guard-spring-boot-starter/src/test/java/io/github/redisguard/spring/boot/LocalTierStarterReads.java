/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.test.RedisServer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * What the local tier ITs of the starter share: an application of Boot's auto-configured StringRedisTemplate over
 * Lettuce, and the server's own count of the GETs it ran ({@code INFO commandstats}: the template's GETs and those
 * inside the tier's load script alike). {@link LettuceLocalTierStarterIT} runs with {@code redis-guard.local-tier.*}
 * on, {@link LettuceLocalTierOffStarterIT} with the tier off.
 */
abstract class LocalTierStarterReads {

    /** Reads of one key made after its first read. */
    static final int READS = 50;

    /** The test application's settings besides {@code redis-guard.local-tier.enabled}. */
    static final String PATTERN = "redis-guard.local-tier.patterns[0]=product:*";

    /** Long, so that only an invalidation can make a read see another client's write. */
    static final String MAX_STALENESS = "redis-guard.local-tier.max-staleness=5m";

    @Autowired
    RedisServer server;

    @Autowired
    StringRedisTemplate strings;

    @BeforeEach
    void flush() {
        server.flushAll();
    }

    /**
     * Writes {@code key} with a raw connection, reads it once through the template, then {@link #READS} times more,
     * each read returning the value, and returns how many GETs the server ran for those {@link #READS} reads.
     */
    long serverGetsForRepeatedReads(String key) {
        server.call("SET", key, "v1");
        assertThat(strings.opsForValue().get(key)).isEqualTo("v1");
        long before = serverGets();
        for (int i = 0; i < READS; i++) {
            assertThat(strings.opsForValue().get(key)).isEqualTo("v1");
        }
        return serverGets() - before;
    }

    /** GETs the server ran since it started, by {@code INFO commandstats}. */
    long serverGets() {
        return server.calls("GET");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestRedisServer.class)
    static class App {}
}
