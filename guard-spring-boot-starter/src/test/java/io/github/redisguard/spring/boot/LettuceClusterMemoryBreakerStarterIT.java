/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * The memory breaker scenarios over a Lettuce cluster factory: one master of three is limited, so the flood's keys
 * that hash to its slots fill it while the other masters take theirs. The guard sheds that node's cache writes with
 * no OOM reply; an unguarded Lettuce cluster factory gets OOM from it.
 */
@TestPropertySource(
        properties = {"spring.data.redis.client-type=lettuce", "test.redis.cluster=true", "test.redis.maxmemory=8mb"})
class LettuceClusterMemoryBreakerStarterIT extends MemoryBreakerStarterScenarios {

    @Override
    RedisConnectionFactory rawFactory() {
        return LettuceClusterStarterIT.lettuceClusterFactory(redis);
    }
}
