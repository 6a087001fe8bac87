/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.TestPropertySource;

/** The memory breaker scenarios over Jedis. */
@TestPropertySource(properties = "spring.data.redis.client-type=jedis")
class JedisMemoryBreakerStarterIT extends MemoryBreakerStarterScenarios {

    @Override
    RedisConnectionFactory rawFactory() {
        return JedisStarterIT.jedisFactory(redis.server().host(), redis.server().port());
    }
}
