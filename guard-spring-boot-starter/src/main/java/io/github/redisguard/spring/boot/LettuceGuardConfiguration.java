/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.lettuce.LettuceGuard;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Guards every {@link LettuceConnectionFactory} bean, when Lettuce and the Lettuce adapter are on the classpath. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({LettuceConnectionFactory.class, LettuceGuard.class})
class LettuceGuardConfiguration {

    @Bean
    @ConditionalOnMissingBean
    static LettuceConnectionFactoryGuard redisGuardLettuceConnectionFactoryGuard(ObjectProvider<RedisGuard> guard) {
        return new LettuceConnectionFactoryGuard(guard);
    }
}
