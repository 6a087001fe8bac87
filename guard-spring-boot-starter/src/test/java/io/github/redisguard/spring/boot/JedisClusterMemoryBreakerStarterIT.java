/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * The memory breaker scenarios over a Jedis cluster factory: one master of three is limited (its
 * {@code maxmemory}), so the flood's keys that hash to its slots fill it while the other masters take theirs. The
 * guard sheds that node's cache writes with no OOM reply; an unguarded cluster factory gets OOM from it.
 */
@TestPropertySource(
        properties = {"spring.data.redis.client-type=jedis", "test.redis.cluster=true", "test.redis.maxmemory=8mb"})
class JedisClusterMemoryBreakerStarterIT extends MemoryBreakerStarterScenarios {

    @Override
    RedisConnectionFactory rawFactory() {
        return JedisClusterStarterIT.jedisClusterFactory(redis);
    }
}
