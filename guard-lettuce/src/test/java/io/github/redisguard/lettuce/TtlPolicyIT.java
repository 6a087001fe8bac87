/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.MissingTtlException;
import io.github.redisguard.OnMissingTtl;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Max TTL, reject mode and persistent exemptions, checked with TTL/PTTL on the server. */
@RedisTest
class TtlPolicyIT {

    private static GuardedConnections redis;

    @BeforeAll
    static void connect(RedisServer server) {
        redis = new GuardedConnections(
                server,
                GuardConfig.builder()
                        .defaultTtl(Duration.ofMinutes(10))
                        .rule(KeyRule.builder("capped:*")
                                .name("capped")
                                .defaultTtl(Duration.ofSeconds(30))
                                .maxTtl(Duration.ofMinutes(1))
                                .build())
                        .rule(KeyRule.builder("strict:*")
                                .name("strict")
                                .onMissingTtl(OnMissingTtl.REJECT)
                                .build())
                        .rule(KeyRule.persistent("config:*"))
                        .build());
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
    void maxTtl_capsLongerRequestedTtl_whereRawClientKeepsIt() {
        redis.guarded.sync().set("capped:a", "v", SetArgs.Builder.ex(3600));
        redis.guarded.sync().expire("capped:b", 1); // no such key: nothing to cap, nothing created
        redis.guarded.sync().set("capped:c", "v");
        redis.guarded.sync().expire("capped:c", 86_400);
        redis.raw.sync().set("capped:raw", "v", SetArgs.Builder.ex(3600));

        assertThat(redis.raw.sync().pttl("capped:a")).isBetween(1L, 60_000L);
        assertThat(redis.raw.sync().pttl("capped:c")).isBetween(1L, 60_000L);
        assertThat(redis.raw.sync().ttl("capped:raw")).isGreaterThan(3500L);
        assertThat(redis.counter("redis.guard.ttl", "rule", "capped", "action", "capped"))
                .isEqualTo(2);
    }

    @Test
    void ttlWithinBounds_isKeptAsRequested() {
        redis.guarded.sync().set("capped:a", "v", SetArgs.Builder.px(45_000));

        assertThat(redis.raw.sync().pttl("capped:a")).isBetween(40_000L, 45_000L);
    }

    @Test
    void rejectMode_sync_throwsMissingTtlAndWritesNothing() {
        long setsBefore = redis.calls("set");

        assertThatThrownBy(() -> redis.guarded.sync().set("strict:a", "v"))
                .isInstanceOf(MissingTtlException.class)
                .hasMessageStartingWith("SET under rule 'strict' must carry a TTL");

        assertThat(redis.raw.sync().exists("strict:a")).isZero();
        assertThat(redis.calls("set")).isEqualTo(setsBefore);
        assertThat(redis.counter("redis.guard.writes", "rule", "strict", "reason", "missing_ttl"))
                .isGreaterThanOrEqualTo(1);
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
    void rejectMode_writeWithTtl_passes() {
        redis.guarded.sync().set("strict:d", "v", SetArgs.Builder.ex(100));

        assertThat(redis.raw.sync().ttl("strict:d")).isBetween(90L, 100L);
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

    @Test
    void persistentRule_leavesKeysWithoutTtl_andCountsThem() {
        double before = redis.counter("redis.guard.ttl", "rule", "config:*", "action", "persistent");

        redis.guarded.sync().set("config:flags", "on");
        redis.guarded.sync().hset("config:limits", "rate", "10");

        assertThat(redis.raw.sync().pttl("config:flags")).isEqualTo(-1);
        assertThat(redis.raw.sync().pttl("config:limits")).isEqualTo(-1);
        assertThat(redis.counter("redis.guard.ttl", "rule", "config:*", "action", "persistent"))
                .isEqualTo(before + 2);
    }

    @Test
    void persist_onGuardedKey_givesTheDefaultTtlInsteadOfRemovingIt() {
        redis.raw.sync().set("capped:p", "v", SetArgs.Builder.ex(5));

        redis.guarded.sync().persist("capped:p");

        assertThat(redis.raw.sync().pttl("capped:p")).isBetween(5_001L, 30_000L);
    }
}
