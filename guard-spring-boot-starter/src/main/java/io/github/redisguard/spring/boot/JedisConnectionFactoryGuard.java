/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/** Guards every {@link JedisConnectionFactory} bean with {@link SpringRedisGuard#guard}. */
final class JedisConnectionFactoryGuard extends ConnectionFactoryGuard {

    JedisConnectionFactoryGuard(ObjectProvider<RedisGuard> guard) {
        super(JedisConnectionFactory.class, guard);
    }
}
