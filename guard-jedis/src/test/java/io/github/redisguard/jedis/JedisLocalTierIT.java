/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.scenarios.AdapterUnderTest;
import io.github.redisguard.scenarios.LocalTierScenarios;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/** {@link LocalTierScenarios} through Jedis, plus Jedis's own typed methods on the tier. */
class JedisLocalTierIT extends LocalTierScenarios {

    @Override
    protected AdapterUnderTest adapter() {
        return JedisAdapter.INSTANCE;
    }

    private static UnifiedJedis jedis(App app) {
        return ((JedisAdapter.JedisClient) app.client).jedis;
    }

    @Test
    void typedMethods_stringAndBinary_getTheSameValuesFromMemoryAsFromRedis() {
        raw().call("SET", "product:1", "v1");
        raw().call("HSET", "product:h", "name", "lamp", "price", "10");
        App b = app();
        UnifiedJedis jedis = jedis(b);

        for (int round = 0; round < 2; round++) { // the first loads, the second is served from memory
            assertThat(jedis.get("product:1")).isEqualTo("v1");
            assertThat(jedis.get("product:1".getBytes(UTF_8))).isEqualTo("v1".getBytes(UTF_8));
            assertThat(jedis.get("product:none")).isNull();
            assertThat(jedis.mget("product:1", "product:none")).containsExactly("v1", null);
            List<byte[]> binary = jedis.mget("product:1".getBytes(UTF_8), "product:none".getBytes(UTF_8));
            assertThat(binary).hasSize(2);
            assertThat(binary.get(0)).isEqualTo("v1".getBytes(UTF_8));
            assertThat(binary.get(1)).isNull();
            assertThat(jedis.hget("product:h", "price")).isEqualTo("10");
            assertThat(jedis.hgetAll("product:h")).isEqualTo(Map.of("name", "lamp", "price", "10"));
            Map<byte[], byte[]> hash = jedis.hgetAll("product:h".getBytes(UTF_8));
            assertThat(hash).hasSize(2);
            assertThat(hash.entrySet())
                    .anySatisfy(e -> assertThat(e.getKey()).isEqualTo("name".getBytes(UTF_8)))
                    .anySatisfy(e -> assertThat(e.getValue()).isEqualTo("10".getBytes(UTF_8)));
            assertThat(jedis.hgetAll("product:empty")).isEmpty();
        }
        assertThat(b.hits()).isPositive();
    }

    @Test
    void pipelinedReads_goToRedis_andPipelinedWritesInvalidate() {
        raw().call("SET", "product:1", "v1");
        App b = app();
        UnifiedJedis jedis = jedis(b);
        assertThat(jedis.get("product:1")).isEqualTo("v1");
        long gets = calls("get");

        try (AbstractPipeline pipeline = jedis.pipelined()) {
            Response<String> read = pipeline.get("product:1");
            pipeline.set("product:1", "v2");
            pipeline.sync();
            assertThat(read.get()).isEqualTo("v1");
        }

        assertThat(calls("get")).isEqualTo(gets + 1);
        assertThat(jedis.get("product:1")).isEqualTo("v2");
    }
}
