/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Guards every connection factory bean of one client library with {@link SpringRedisGuard#guard}: the bean is
 * replaced by a class-based proxy that keeps its concrete type. The guard is looked up when the first factory is
 * initialized, so the guard and its meter registry are not created early. One subclass per client library, so that
 * each is its own bean type an application can replace.
 */
abstract class ConnectionFactoryGuard implements BeanPostProcessor {

    private final Class<? extends RedisConnectionFactory> factoryType;

    private final ObjectProvider<RedisGuard> guard;

    ConnectionFactoryGuard(Class<? extends RedisConnectionFactory> factoryType, ObjectProvider<RedisGuard> guard) {
        this.factoryType = factoryType;
        this.guard = guard;
    }

    @Override
    public final Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!factoryType.isInstance(bean) || SpringRedisGuard.isGuarded(bean)) {
            return bean;
        }
        RedisGuard redisGuard = guard.getIfUnique();
        if (redisGuard == null) {
            return bean;
        }
        return SpringRedisGuard.guard((RedisConnectionFactory) bean, redisGuard);
    }
}
