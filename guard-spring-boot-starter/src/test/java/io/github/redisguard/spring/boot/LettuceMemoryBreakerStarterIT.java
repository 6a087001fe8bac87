/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.TestPropertySource;

/** The memory breaker scenarios over Lettuce. */
@TestPropertySource(properties = "spring.data.redis.client-type=lettuce")
class LettuceMemoryBreakerStarterIT extends MemoryBreakerStarterScenarios {

    @Override
    RedisConnectionFactory rawFactory() {
        return LettuceStarterIT.lettuceFactory(
                redis.server().host(), redis.server().port());
    }
}
