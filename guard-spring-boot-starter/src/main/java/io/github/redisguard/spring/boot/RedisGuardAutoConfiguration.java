/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of Redis Guard: a {@link GuardConfig} from {@code redis-guard.*} and every
 * {@link RedisGuardCustomizer}, a {@link RedisGuard} whose meters go to the application's {@link MeterRegistry}, and
 * the guarding of the application's {@code RedisConnectionFactory}, so that {@code RedisTemplate}, Spring Cache and
 * Spring Session go through the guard unchanged.
 *
 * <p>Runs after Boot's Redis auto-configuration. Active when Spring Data Redis is on the classpath, unless
 * {@code redis-guard.enabled=false}. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration"
        })
@ConditionalOnClass(name = "org.springframework.data.redis.connection.RedisConnectionFactory")
@ConditionalOnBooleanProperty(name = RedisGuardProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(RedisGuardProperties.class)
@Import({LettuceGuardConfiguration.class, JedisGuardConfiguration.class, RedisGuardActuatorConfiguration.class})
public final class RedisGuardAutoConfiguration {

    /** Creates the auto-configuration; called by Spring. */
    public RedisGuardAutoConfiguration() {}

    /**
     * The guard's configuration: {@code redis-guard.*} mapped onto {@link GuardConfig#builder()}, then every
     * {@link RedisGuardCustomizer} in order.
     *
     * @throws IllegalStateException (an {@code InvalidRedisGuardPropertyException}) if a property is invalid, reported
     *     at startup by the failure analyzer
     */
    @Bean
    @ConditionalOnMissingBean
    GuardConfig redisGuardConfig(RedisGuardProperties properties, ObjectProvider<RedisGuardCustomizer> customizers) {
        GuardConfig.Builder builder = RedisGuardPropertiesMapper.toBuilder(properties);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return RedisGuardPropertiesMapper.build(builder, properties);
    }

    /**
     * The guard: one per application, shared by every guarded connection; closed with the context (which stops its
     * memory sampling). Its meters go to the application's {@link MeterRegistry}, or, when there is none, to a
     * {@link SimpleMeterRegistry} of its own: the health indicator and the endpoint read the guard's figures from its
     * meters, and Micrometer's global registry, without a backend, keeps no values (gauges read NaN, counters 0).
     */
    @Bean
    @ConditionalOnMissingBean
    RedisGuard redisGuard(GuardConfig redisGuardConfig, ObjectProvider<MeterRegistry> meterRegistry) {
        return RedisGuard.builder(redisGuardConfig)
                .meterRegistry(meterRegistry.getIfUnique(SimpleMeterRegistry::new))
                .build();
    }

    /** Warns at startup for each connection factory bean the guard does not reach (its client's adapter is missing). */
    @Bean
    static UnguardedFactoryWarning redisGuardUnguardedFactoryWarning(ListableBeanFactory beans) {
        return new UnguardedFactoryWarning(beans);
    }
}
