/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * A real 3-master Redis Cluster for a Spring test context ({@code test.redis.cluster=true}), handed to Boot as
 * {@code spring.data.redis.cluster.nodes}. It starts before the context's other beans (the property registrar needs
 * it) and so stops after them. {@code test.redis.maxmemory} and {@code test.redis.policy} configure its first master
 * only ({@link TestRedis#server()}), so one node fills while the others have room.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "test.redis.cluster", havingValue = "true")
class TestRedisCluster {

    @Bean(destroyMethod = "close")
    static RedisCluster redisCluster(
            @Value("${test.redis.maxmemory:}") String maxmemory, @Value("${test.redis.policy:}") String policy) {
        RedisCluster cluster = RedisCluster.start(3);
        RedisServer limited = cluster.masters().get(0);
        if (!maxmemory.isEmpty()) {
            limited.call("CONFIG", "SET", "maxmemory", maxmemory);
        }
        if (!policy.isEmpty()) {
            limited.call("CONFIG", "SET", "maxmemory-policy", policy);
        }
        return cluster;
    }

    @Bean
    static DynamicPropertyRegistrar redisClusterNodes(RedisCluster cluster) {
        return registry -> registry.add("spring.data.redis.cluster.nodes", () -> nodes(cluster));
    }

    @Bean
    TestRedis testRedis(RedisCluster cluster) {
        return TestRedis.of(cluster);
    }

    /** The masters as {@code host:port,...}. */
    static String nodes(RedisCluster cluster) {
        return cluster.masters().stream()
                .map(server -> server.host() + ":" + server.port())
                .collect(Collectors.joining(","));
    }
}
