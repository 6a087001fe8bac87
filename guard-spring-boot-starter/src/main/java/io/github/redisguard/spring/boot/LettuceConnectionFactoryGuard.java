/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Guards every {@link LettuceConnectionFactory} bean with {@link SpringRedisGuard#guard}. */
final class LettuceConnectionFactoryGuard extends ConnectionFactoryGuard {

    LettuceConnectionFactoryGuard(ObjectProvider<RedisGuard> guard) {
        super(LettuceConnectionFactory.class, guard);
    }
}
