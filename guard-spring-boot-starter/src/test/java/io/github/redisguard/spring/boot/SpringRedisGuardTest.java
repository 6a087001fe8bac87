/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.memory.MemoryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

/**
 * What {@link SpringRedisGuard} does with Jedis factories it cannot guard, or not yet: nothing here needs a server (port 1 on
 * loopback: nothing listens, and none of these factories connects before a command).
 */
class SpringRedisGuardTest {

    private final RedisGuard guard = RedisGuard.builder(GuardConfig.builder()
                    .memory(MemoryConfig.builder().enabled(false).build())
                    .build())
            .meterRegistry(new SimpleMeterRegistry())
            .build();

    @AfterEach
    void close() {
        guard.close();
    }

    @Test
    void jedisFactoryOnTheLegacyJedisPath_failsLoudly_namingTheFix() {
        JedisConnectionFactory factory = new JedisConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        factory.setUseUnifiedJedis(false);
        assertThatThrownBy(() -> SpringRedisGuard.guard(factory, guard))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("JedisConnectionFactory.useUnifiedJedis must be true for Redis Guard to guard"
                        + " the factory (Spring Data Redis 4.1's default with Jedis 7.3 or later), but was false")
                .hasMessageContaining("redis-guard.enabled=false");
    }

    @Test
    void startedJedisFactoryWithAClientBuilderCustomizer_failsLoudly() {
        JedisConnectionFactory factory = new JedisConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", 1),
                JedisClientConfiguration.builder()
                        .customizeClient(builder -> {})
                        .build());
        factory.afterPropertiesSet();
        try {
            assertThatThrownBy(() -> SpringRedisGuard.guard(factory, guard))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("JedisClientConfiguration.clientCustomizer must be empty for Redis Guard to"
                            + " guard the factory, but was set");
        } finally {
            factory.destroy();
        }
    }

    @Test
    void jedisClusterFactory_notStarted_isProxiedAndGuardedOnStart() {
        JedisConnectionFactory factory =
                new JedisConnectionFactory(new RedisClusterConfiguration(List.of("127.0.0.1:1")));
        JedisConnectionFactory proxy = SpringRedisGuard.guard(factory, guard);
        assertThat(proxy).isInstanceOf(JedisConnectionFactory.class);
        assertThat(proxy.isRedisClusterAware()).isTrue();
        assertThat(SpringRedisGuard.isGuarded(proxy)).isTrue(); // the cluster client is replaced when it starts
    }
}
