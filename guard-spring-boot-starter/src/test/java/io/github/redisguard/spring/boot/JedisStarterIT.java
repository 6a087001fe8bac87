/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.test.context.TestPropertySource;
import redis.clients.jedis.Jedis;

/**
 * The starter scenarios over Jedis (Spring Data Redis's {@code JedisConnectionFactory} on its default
 * {@code UnifiedJedis} path), plus what goes through Jedis's own seams: raw {@code execute("SET", ...)}, and compressed
 * values read back whole in a pipeline.
 */
@TestPropertySource(properties = "spring.data.redis.client-type=jedis")
class JedisStarterIT extends StarterScenarios {

    @Override
    Class<? extends RedisConnectionFactory> factoryType() {
        return JedisConnectionFactory.class;
    }

    @Override
    RedisConnectionFactory rawFactory() {
        return jedisFactory(redis.server().host(), redis.server().port());
    }

    static JedisConnectionFactory jedisFactory(String host, int port) {
        JedisConnectionFactory raw = new JedisConnectionFactory(
                new RedisStandaloneConfiguration(host, port),
                JedisClientConfiguration.builder().usePooling().build());
        raw.afterPropertiesSet();
        return raw;
    }

    @Test
    void jedisOnTheClassPath_isTheVersionSpringBootManages() {
        String jar =
                Jedis.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertThat(jar).endsWith("/jedis-" + System.getProperty("redisguard.expectedJedisVersion") + ".jar");
    }

    @Test
    void rawExecuteSet_getsTheDefaultTtl() {
        strings.execute((RedisCallback<Object>) connection -> connection.execute(
                "SET", "raw:1".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8)));
        assertThat(pttl("raw:1")).isBetween(1L, HOUR_MS);
    }

    @Test
    void pipelinedRead_ofACompressedValue_comesBackWhole() {
        String value = "the same sentence, over and over. ".repeat(200);
        strings.opsForValue().set("blob:pipe", value);
        List<Object> replies = strings.executePipelined((RedisCallback<Object>) connection -> {
            connection.stringCommands().get("blob:pipe".getBytes(StandardCharsets.UTF_8));
            return null;
        });
        assertThat(replies).containsExactly(value);
        assertThat((Long) redis.call("STRLEN", "blob:pipe")).isLessThan(value.length() / 4L);
    }
}
