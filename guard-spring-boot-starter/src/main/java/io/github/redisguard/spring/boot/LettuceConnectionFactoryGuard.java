/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Guards every {@link LettuceConnectionFactory} bean with {@link SpringRedisGuard#guard}: the bean is replaced by a
 * class-based proxy that keeps its concrete type. The guard is looked up when the first factory is initialized, so
 * the guard and its meter registry are not created early.
 */
final class LettuceConnectionFactoryGuard implements BeanPostProcessor {

    private final ObjectProvider<RedisGuard> guard;

    LettuceConnectionFactoryGuard(ObjectProvider<RedisGuard> guard) {
        this.guard = guard;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!(bean instanceof LettuceConnectionFactory) || SpringRedisGuard.isGuarded(bean)) {
            return bean;
        }
        RedisGuard redisGuard = guard.getIfUnique();
        if (redisGuard == null) {
            return bean;
        }
        return SpringRedisGuard.guard((LettuceConnectionFactory) bean, redisGuard);
    }
}
