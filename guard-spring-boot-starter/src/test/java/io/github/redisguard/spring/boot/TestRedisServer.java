/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisServerOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real redis-server for a Spring test context, started with the context and stopped after every bean that uses it
 * (the connection details depend on it). {@code test.redis.maxmemory} and {@code test.redis.policy} configure it. Not
 * with {@code test.redis.cluster=true} ({@link TestRedisCluster}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "test.redis.cluster", havingValue = "false", matchIfMissing = true)
class TestRedisServer {

    @Bean(destroyMethod = "close")
    RedisServer redisServer(
            @Value("${test.redis.maxmemory:}") String maxmemory, @Value("${test.redis.policy:}") String policy) {
        RedisServerOptions.Builder options = RedisServerOptions.builder();
        if (!maxmemory.isEmpty()) {
            options.maxmemory(maxmemory);
        }
        if (!policy.isEmpty()) {
            options.maxmemoryPolicy(policy);
        }
        return RedisServer.start(options.build());
    }

    @Bean
    TestRedis testRedis(RedisServer server) {
        return TestRedis.of(server);
    }

    @Bean
    DataRedisConnectionDetails redisConnectionDetails(RedisServer server) {
        return new DataRedisConnectionDetails() {
            @Override
            public Standalone getStandalone() {
                return Standalone.of(server.host(), server.port());
            }
        };
    }
}
