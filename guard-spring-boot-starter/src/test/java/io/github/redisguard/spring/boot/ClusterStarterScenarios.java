/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.test.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The starter scenarios on a real 3-master cluster ({@code spring.data.redis.cluster.nodes}), plus what every client
 * library's cluster factory shares: every key is checked on the master that holds it, next to an unguarded cluster
 * factory of the same settings; Spring's own node-by-node execution ({@code execute} with a key, keyless commands)
 * goes through the guard's node connections; Spring's cluster connection refuses MULTI itself, guarded or not. One
 * subclass per client library.
 */
abstract class ClusterStarterScenarios extends StarterScenarios {

    @Test
    void writesOnEveryMaster_getTheDefaultTtl_rawKeepThemForever() {
        Set<RedisServer> holders = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            String key = "spread:" + i;
            strings.opsForValue().set(key, "v");
            holders.add(redis.serverOf(key));
            assertThat(pttl(key)).as(key).isBetween(1L, HOUR_MS);
        }
        assertThat(holders).as("the keys spread over the masters").hasSize(3);

        StringRedisTemplate raw = new StringRedisTemplate(rawFactory());
        try {
            for (int i = 0; i < 30; i++) {
                raw.opsForValue().set("spread:raw:" + i, "v");
                assertThat(pttl("spread:raw:" + i)).as("spread:raw:" + i).isEqualTo(-1L);
            }
        } finally {
            destroy(raw.getConnectionFactory());
        }
    }

    /** Spring runs execute(command, key, args) on the key's master through its node pools: the guard's. */
    @Test
    void rawExecuteWithKey_onTheKeysNode_getsTheDefaultTtl_rawKeepsItForever() {
        for (int i = 0; i < 10; i++) {
            String key = "raw:" + i;
            strings.execute((RedisCallback<Object>) connection ->
                    ((RedisClusterConnection) connection).execute("SET", bytes(key), List.of(bytes("v"))));
            assertThat(pttl(key)).as(key).isBetween(1L, HOUR_MS);
        }
        StringRedisTemplate raw = new StringRedisTemplate(rawFactory());
        try {
            raw.execute((RedisCallback<Object>) connection ->
                    ((RedisClusterConnection) connection).execute("SET", bytes("raw:unguarded"), List.of(bytes("v"))));
            assertThat(pttl("raw:unguarded")).isEqualTo(-1L);
        } finally {
            destroy(raw.getConnectionFactory());
        }
    }

    /** Keyless commands Spring sends to every master (here DBSIZE) run on the guard's node pools, and answer. */
    @Test
    void commandOnAllMasters_runsOnTheGuardedNodePools() {
        for (int i = 0; i < 30; i++) {
            strings.opsForValue().set("count:" + i, "v");
        }
        Long size = strings.execute(
                (RedisCallback<Long>) connection -> connection.serverCommands().dbSize());
        assertThat(size).isEqualTo(30L);
    }

    /** Spring's cluster connection refuses MULTI itself, guarded or not: nothing is written unguarded. */
    static void assertMultiRefused(StringRedisTemplate template) {
        assertThatThrownBy(() -> template.execute(new SessionCallback<Object>() {
                    @Override
                    public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
                        operations.multi();
                        return null;
                    }
                }))
                .isInstanceOf(InvalidDataAccessApiUsageException.class)
                .hasMessageContaining("MULTI is currently not supported in cluster mode");
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
