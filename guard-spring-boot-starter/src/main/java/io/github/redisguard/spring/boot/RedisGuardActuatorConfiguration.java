/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The guard's health indicator and {@code redisguard} endpoint, when the application has Actuator. */
@Configuration(proxyBeanMethods = false)
class RedisGuardActuatorConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("redisGuard")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "redisGuardHealthIndicator")
        HealthIndicator redisGuardHealthIndicator(RedisGuard guard) {
            return new RedisGuardHealthIndicator(new RedisGuardState(guard));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    @ConditionalOnAvailableEndpoint(RedisGuardEndpoint.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RedisGuardEndpoint redisGuardEndpoint(RedisGuard guard) {
            return new RedisGuardEndpoint(new RedisGuardState(guard));
        }
    }
}
