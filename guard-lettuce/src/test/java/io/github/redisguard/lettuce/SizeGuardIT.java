/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.ValueTooLargeException;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Oversized values are refused before they reach the server. */
@RedisTest
class SizeGuardIT {

    private static GuardedConnections redis;

    @BeforeAll
    static void connect(RedisServer server) {
        redis = new GuardedConnections(
                server,
                GuardConfig.builder()
                        .defaultTtl(Duration.ofMinutes(10))
                        .rule(KeyRule.builder("session:*")
                                .name("sessions")
                                .maxValueSize(DataSize.ofKilobytes(1))
                                .build())
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
    void oversizedValue_raisesValueTooLarge_andNothingReachesTheServer() {
        String big = "x".repeat(1500);
        long sets = redis.calls("set");
        long hsets = redis.calls("hset");
        long evals = redis.calls("eval");
        double refused = redis.counter("redis.guard.writes", "rule", "sessions", "reason", "value_too_large");

        assertThatThrownBy(() -> redis.guarded.sync().set("session:a", big))
                .isInstanceOf(ValueTooLargeException.class)
                .hasMessage("SET under rule 'sessions': value size must be at most 1KB (1024 bytes),"
                        + " but was 1500B (1500 bytes)")
                .satisfies(e -> {
                    assertThat(((ValueTooLargeException) e).size()).isEqualTo(1500);
                    assertThat(((ValueTooLargeException) e).limit()).isEqualTo(1024);
                });
        assertThatThrownBy(() -> redis.guarded.sync().hset("session:b", "attr", big))
                .isInstanceOf(ValueTooLargeException.class);
        assertThatThrownBy(() ->
                        redis.guarded.async().rpush("session:c", "ok", big).get())
                .hasCauseInstanceOf(ValueTooLargeException.class);

        assertThat(redis.raw.sync().exists("session:a", "session:b", "session:c"))
                .isZero();
        assertThat(redis.calls("set")).isEqualTo(sets);
        assertThat(redis.calls("hset")).isEqualTo(hsets);
        assertThat(redis.calls("eval")).isEqualTo(evals);
        assertThat(redis.counter("redis.guard.writes", "rule", "sessions", "reason", "value_too_large") - refused)
                .isEqualTo(3);
    }

    @Test
    void sameValue_unguarded_isWritten() {
        redis.raw.sync().set("session:a", "x".repeat(1500));

        assertThat(redis.raw.sync().strlen("session:a")).isEqualTo(1500);
    }

    @Test
    void valueAtTheLimit_passes() {
        redis.guarded.sync().set("session:a", "x".repeat(1024));

        assertThat(redis.raw.sync().strlen("session:a")).isEqualTo(1024);
    }
}
