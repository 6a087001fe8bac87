/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Once every singleton is created, warns for each {@link RedisConnectionFactory} bean the guard does not reach: the
 * application has the client but not its adapter ({@code guard-lettuce}, {@code guard-jedis}), or replaced the
 * starter's post-processor. Writes through such a factory get no TTL policy, size guard, compression or breaker, so
 * this is said at startup, never left silent.
 */
final class UnguardedFactoryWarning implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(UnguardedFactoryWarning.class);

    private final ListableBeanFactory beans;

    UnguardedFactoryWarning(ListableBeanFactory beans) {
        this.beans = beans;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String name : unguarded()) {
            log.warn(
                    "Redis Guard does not guard the connection factory bean '{}': writes through it get no TTL policy,"
                            + " size guard, compression or memory breaker. Add the adapter of its client"
                            + " (io.github.redisguard:guard-lettuce or guard-jedis), or set redis-guard.enabled=false"
                            + " to silence this warning.",
                    name);
        }
    }

    /** The names of the connection factory beans that are not guarded, in registration order. */
    List<String> unguarded() {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, RedisConnectionFactory> bean :
                beans.getBeansOfType(RedisConnectionFactory.class, false, false).entrySet()) {
            if (!SpringRedisGuard.isGuarded(bean.getValue())) {
                names.add(bean.getKey());
            }
        }
        return names;
    }
}
