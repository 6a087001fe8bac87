/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.test.context.TestPropertySource;

/** The local tier scenarios over the guarded Jedis factory: {@code JedisGuard.pooled} serves the template's reads. */
@TestPropertySource(properties = "spring.data.redis.client-type=jedis")
class JedisLocalTierStarterIT extends LocalTierStarterScenarios {

    @Test
    void theFactoryIsJedis() {
        assertThat(factory).isInstanceOf(JedisConnectionFactory.class);
    }
}
