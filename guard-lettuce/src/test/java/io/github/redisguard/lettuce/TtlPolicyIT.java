/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.MissingTtlException;
import io.github.redisguard.scenarios.TtlPolicyScenarios;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reject mode in the async and reactive views and inside MULTI on a shared connection; the TTL policy every adapter
 * applies is checked once, in {@link LettuceTtlPolicyIT}.
 */
@RedisTest
class TtlPolicyIT {

    private static GuardedConnections redis;

    @BeforeAll
    static void connect(RedisServer server) {
        redis = new GuardedConnections(server, TtlPolicyScenarios.rules());
    }

    @AfterAll
    static void close() {
        redis.close();
    }

    @BeforeEach
    void flush() {
        redis.raw.sync().flushall();
    }

    @Test
    void rejectMode_asyncAndReactive_failWithMissingTtlAndWriteNothing() {
        var future = redis.guarded.async().set("strict:b", "v");
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(MissingTtlException.class);
        assertThatThrownBy(() ->
                        redis.guarded.reactive().mset(Map.of("strict:c", "v")).block())
                .isInstanceOf(MissingTtlException.class);

        assertThat(redis.raw.sync().exists("strict:b", "strict:c")).isZero();
    }

    @Test
    void rejectMode_insideMulti_throwsAtOnceAndTheTransactionStaysUsable() {
        redis.guarded.sync().multi();
        assertThatThrownBy(() -> redis.guarded.sync().set("strict:e", "v")).isInstanceOf(MissingTtlException.class);
        redis.guarded.sync().set("other:e", "v");
        var result = redis.guarded.sync().exec();

        assertThat(result.wasDiscarded()).isFalse();
        assertThat(redis.raw.sync().exists("strict:e")).isZero();
        assertThat(redis.raw.sync().pttl("other:e")).isPositive();
    }
}
