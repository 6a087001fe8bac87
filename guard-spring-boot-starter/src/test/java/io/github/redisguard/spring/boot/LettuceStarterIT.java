/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

/** The starter scenarios over Lettuce, plus what only Lettuce has: the reactive connection. */
@TestPropertySource(properties = "spring.data.redis.client-type=lettuce")
class LettuceStarterIT extends StarterScenarios {

    @Autowired
    ReactiveStringRedisTemplate reactive;

    @Override
    Class<? extends RedisConnectionFactory> factoryType() {
        return LettuceConnectionFactory.class;
    }

    @Override
    RedisConnectionFactory rawFactory() {
        return lettuceFactory(redis.server().host(), redis.server().port());
    }

    static LettuceConnectionFactory lettuceFactory(String host, int port) {
        LettuceConnectionFactory raw = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
        raw.afterPropertiesSet();
        return raw;
    }

    @Test
    void reactiveTemplateSet_withoutTtl_getsTheDefaultTtl() {
        reactiveWrites_getTheDefaultTtl(reactive, this::pttl);
    }

    /** Writes through the reactive template get the default TTL, and read back. */
    static void reactiveWrites_getTheDefaultTtl(ReactiveStringRedisTemplate reactive, ToLongFunction<String> pttl) {
        assertThat(reactive.opsForValue().set("reactive:1", "v").block()).isTrue();
        assertThat(reactive.opsForHash().put("reactive:2", "f", "v").block()).isTrue();
        assertThat(pttl.applyAsLong("reactive:1")).isBetween(1L, HOUR_MS);
        assertThat(pttl.applyAsLong("reactive:2")).isBetween(1L, HOUR_MS);
        assertThat(reactive.opsForValue().get("reactive:1").block()).isEqualTo("v");
    }
}
