/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.test.RedisServer;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.ClusterCommandExecutor.ClusterCommandCallback;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClusterConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The starter scenarios over a Lettuce cluster factory ({@code spring.data.redis.cluster.nodes}) on a real 3-master
 * cluster, next to an unguarded Lettuce cluster factory of the same settings. What differs from a standalone factory:
 * MULTI, which Spring's cluster connection refuses itself; pipelines, which Spring runs on a dedicated cluster
 * connection (guarded, routed by Lettuce); the reactive connection, which is a cluster connection too.
 */
@TestPropertySource(properties = {"spring.data.redis.client-type=lettuce", "test.redis.cluster=true"})
class LettuceClusterStarterIT extends ClusterStarterScenarios {

    @Autowired
    ReactiveStringRedisTemplate reactive;

    @Autowired
    @Qualifier("redisGuardHealthIndicator")
    HealthIndicator health;

    @Override
    Class<? extends RedisConnectionFactory> factoryType() {
        return LettuceConnectionFactory.class;
    }

    @Override
    RedisConnectionFactory rawFactory() {
        return lettuceClusterFactory(redis);
    }

    /** A started, unguarded Lettuce cluster factory for every master of {@code redis}, as Boot's. */
    static LettuceConnectionFactory lettuceClusterFactory(TestRedis redis) {
        LettuceConnectionFactory raw = new LettuceConnectionFactory(new RedisClusterConfiguration(redis.addresses()));
        raw.afterPropertiesSet();
        return raw;
    }

    @Test
    void factory_isTheBootClusterFactory() {
        assertThat(((LettuceConnectionFactory) factory).isClusterAware()).isTrue();
        assertThat(((LettuceConnectionFactory) factory)
                        .getClusterConfiguration()
                        .getClusterNodes())
                .hasSize(3);
    }

    @Test
    void reactiveTemplateSet_withoutTtl_getsTheDefaultTtl() {
        LettuceStarterIT.reactiveWrites_getTheDefaultTtl(reactive, this::pttl);
    }

    /**
     * The commands Spring runs on a given node (keyless and broadcast commands, multi-key reads, and what the
     * application runs through {@code getClusterCommandExecutor()}) use the factory's cluster command executor, which
     * start() builds over the unguarded provider: the guard replaces it, so a write run there on the key's master gets
     * its TTL; the raw factory's executor keeps it forever.
     */
    @Test
    void writeOnTheKeysNode_throughTheClusterCommandExecutor_getsTheDefaultTtl_rawKeepsItForever() {
        onKeysNode(factory, "node:1");
        assertThat(pttl("node:1")).isBetween(1L, HOUR_MS);
        RedisConnectionFactory raw = rawFactory();
        try {
            onKeysNode(raw, "node:2");
        } finally {
            destroy(raw);
        }
        assertThat(pttl("node:2")).isEqualTo(-1L);
    }

    private void onKeysNode(RedisConnectionFactory factory, String key) {
        RedisServer server = redis.serverOf(key);
        try (LettuceClusterConnection connection =
                (LettuceClusterConnection) ((LettuceConnectionFactory) factory).getClusterConnection()) {
            connection
                    .getClusterCommandExecutor()
                    .executeCommandOnSingleNode(
                            (ClusterCommandCallback<RedisClusterCommands<byte[], byte[]>, String>)
                                    client -> client.set(bytes(key), bytes("v")),
                            new RedisClusterNode(server.host(), server.port()));
        }
    }

    /** The memory breaker samples every master the guarded factory writes to; health shows each by address. */
    @Test
    void health_showsEveryMaster() {
        for (int i = 0; i < 30; i++) {
            strings.opsForValue().set("health:" + i, "v");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(healthNodes())
                .as("the nodes in the health details")
                .containsAll(redis.addresses()));
    }

    private List<String> healthNodes() {
        List<String> nodes = new ArrayList<>();
        for (Object node : ((Map<?, ?>) health.health().getDetails().get("nodes")).keySet()) {
            nodes.add(String.valueOf(node));
        }
        return nodes;
    }

    /**
     * Not the standalone scenario: Spring's cluster connection refuses MULTI, guarded or not; pipelined writes go
     * through the guarded dedicated connection, each to its key's master, with their TTLs (raw: none).
     */
    @Override
    @Test
    void transaction_andPipeline_getTheDefaultTtl() {
        assertMultiRefused(strings);
        pipelined(strings, "pipe:");
        for (String key : List.of("pipe:1", "pipe:2", "pipe:3")) {
            assertThat(pttl(key)).as(key).isBetween(1L, HOUR_MS);
        }
        RedisConnectionFactory raw = rawFactory();
        try {
            StringRedisTemplate template = new StringRedisTemplate(raw);
            assertMultiRefused(template);
            pipelined(template, "pipe:raw:");
        } finally {
            destroy(raw);
        }
        for (String key : List.of("pipe:raw:1", "pipe:raw:2", "pipe:raw:3")) {
            assertThat(pttl(key)).as(key).isEqualTo(-1L);
        }
    }

    private static void pipelined(StringRedisTemplate template, String prefix) {
        template.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                ops.opsForValue().set(prefix + "1", "v");
                ops.opsForHash().put(prefix + "2", "f", "v");
                ops.opsForSet().add(prefix + "3", "m");
                return null;
            }
        });
    }
}
