/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The local tier scenarios over the guarded Lettuce factory (Boot's default client), reactive reads included. */
class LettuceLocalTierStarterIT extends LocalTierStarterScenarios {

    @Autowired
    ReactiveStringRedisTemplate reactive;

    @Test
    void theFactoryIsLettuces() {
        assertThat(factory).isInstanceOf(LettuceConnectionFactory.class);
    }

    @Test
    void reactiveGets_areServedFromMemoryToo() {
        server.call("SET", "product:r", "v1");
        await().atMost(BOUND).until(() -> {
            long before = serverGets();
            return "v1".equals(reactive.opsForValue().get("product:r").block()) && serverGets() == before;
        });
    }
}
