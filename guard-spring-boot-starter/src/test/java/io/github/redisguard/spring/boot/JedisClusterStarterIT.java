/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The starter scenarios over a Jedis cluster factory ({@code spring.data.redis.cluster.nodes}) on a real 3-master
 * cluster: every key is checked on the master that holds it, next to an unguarded cluster factory of the same
 * settings. What differs from a standalone factory: MULTI and pipelines, which Spring's cluster connection refuses
 * itself, guarded or not; and Spring's own node-by-node execution ({@code execute} with a key, keyless commands),
 * which goes through the guard's per-node pools.
 */
@TestPropertySource(properties = {"spring.data.redis.client-type=jedis", "test.redis.cluster=true"})
class JedisClusterStarterIT extends ClusterStarterScenarios {

    @Override
    Class<? extends RedisConnectionFactory> factoryType() {
        return JedisConnectionFactory.class;
    }

    @Override
    RedisConnectionFactory rawFactory() {
        return jedisClusterFactory(redis);
    }

    /** A started, unguarded Jedis cluster factory for every master of {@code redis}, pooled as Boot's. */
    static JedisConnectionFactory jedisClusterFactory(TestRedis redis) {
        JedisConnectionFactory raw = new JedisConnectionFactory(
                new RedisClusterConfiguration(redis.addresses()),
                JedisClientConfiguration.builder().usePooling().build());
        raw.afterPropertiesSet();
        return raw;
    }

    @Test
    void factory_isTheBootClusterFactory() {
        assertThat(((JedisConnectionFactory) factory).isRedisClusterAware()).isTrue();
        assertThat(((JedisConnectionFactory) factory).getClusterConfiguration().getClusterNodes())
                .hasSize(3);
    }

    /**
     * Not the standalone scenario: Spring's cluster connection refuses MULTI and pipelines itself
     * (InvalidDataAccessApiUsageException), guarded or not, so nothing reaches the guarded client's refusal of
     * {@code pipelined()} and nothing is written unguarded.
     */
    @Override
    @Test
    void transaction_andPipeline_getTheDefaultTtl() {
        for (StringRedisTemplate template : List.of(strings, new StringRedisTemplate(rawFactory()))) {
            try {
                assertMultiRefused(template);
                assertThatThrownBy(() -> template.executePipelined((RedisCallback<Object>) connection -> {
                            connection.stringCommands().set(bytes("pipe:1"), bytes("v"));
                            return null;
                        }))
                        .isInstanceOf(InvalidDataAccessApiUsageException.class)
                        .hasMessageContaining("Pipeline is not supported for JedisClusterConnection");
            } finally {
                if (template != strings) {
                    destroy(template.getConnectionFactory());
                }
            }
        }
        assertThat(redis.call("EXISTS", "pipe:1")).isEqualTo(0L);
    }
}
