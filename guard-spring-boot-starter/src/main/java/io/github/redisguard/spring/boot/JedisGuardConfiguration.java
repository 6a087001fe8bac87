/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.jedis.JedisGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.UnifiedJedis;

/** Guards every {@link JedisConnectionFactory} bean, when Jedis and the Jedis adapter are on the classpath. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({JedisConnectionFactory.class, UnifiedJedis.class, JedisGuard.class})
class JedisGuardConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static JedisConnectionFactoryGuard redisGuardJedisConnectionFactoryGuard(ObjectProvider<RedisGuard> guard) {
        return new JedisConnectionFactoryGuard(guard);
    }
}
