/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.CorruptValueException;
import io.github.redisguard.scenarios.CompressionScenarios;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compression through the views of a guarded Lettuce connection (sync, async, reactive); what every adapter must do
 * with compressed values is checked once, in {@link LettuceCompressionIT}.
 */
@RedisTest
class CompressionIT {

    private static final byte[] MAGIC = {(byte) 0xFE, 'R', 'G'};

    private static GuardedConnections redis;

    @BeforeAll
    static void connect(RedisServer server) {
        redis = new GuardedConnections(server, CompressionScenarios.rules());
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void flush() {
        redis.raw.sync().flushall();
    }

    static String json(int size) {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        Random random = new Random(size);
        while (sb.length() < size) {
            sb.append("{\"sku\":\"SKU-").append(random.nextInt(1000)).append("\",\"qty\":1},");
        }
        return sb.append("{}]}").toString();
    }

    @Test
    void largeValue_readsBackIdentical_throughSyncAsyncAndReactiveViews() {
        String value = json(16 * 1024);

        redis.guarded.sync().set("blob:a", value);
        redis.guarded.async().set("zblob:a", value).toCompletableFuture().join();

        for (String key : List.of("blob:a", "zblob:a")) {
            assertThat(redis.raw.sync().get(key)).isNotEqualTo(value); // stored compressed
            assertThat(redis.guarded.sync().get(key)).isEqualTo(value);
            assertThat(redis.guarded.async().get(key).toCompletableFuture().join())
                    .isEqualTo(value);
            assertThat(redis.guarded.reactive().get(key).block()).isEqualTo(value);
        }
    }

    @Test
    void corruptCompressedValue_failsSyncCallAndAsyncFuture_andTheConnectionKeepsWorking() throws Exception {
        String value = json(8192);
        redis.guarded.sync().set("blob:c", value);
        byte[] key = "blob:c".getBytes(UTF_8);
        byte[] stored = redis.rawBytes.sync().get(key);
        byte[] damaged = stored.clone();
        damaged[damaged.length / 2] ^= 0x55;
        redis.rawBytes.sync().set(key, damaged);
        redis.rawBytes.sync().set("blob:truncated".getBytes(UTF_8), Arrays.copyOf(stored, stored.length - 10));
        double corruptBefore = redis.counter("redis.guard.decoded.values", "result", "corrupt");

        assertThatThrownBy(() -> redis.guarded.sync().get("blob:c")).isInstanceOf(CorruptValueException.class);
        assertThatThrownBy(() -> redis.guarded.async().get("blob:truncated").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CorruptValueException.class);
        assertThat(redis.counter("redis.guard.decoded.values", "result", "corrupt"))
                .isEqualTo(2);

        redis.guarded.sync().set("blob:after", value);
        assertThat(redis.guarded.sync().get("blob:after")).isEqualTo(value);
        assertThat(redis.rawBytes.sync().get(key)).isEqualTo(damaged); // left as it is
    }
}
