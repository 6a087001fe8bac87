/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.MissingTtlException;
import io.github.redisguard.OnMissingTtl;
import io.github.redisguard.scenarios.AdapterUnderTest.Command;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Max TTL, reject mode and persistent exemptions, checked with TTL/PTTL on the server. */
public abstract class TtlPolicyScenarios extends ScenarioSupport {

    @Override
    protected GuardConfig config() {
        return rules();
    }

    /**
     * A default TTL of ten minutes; {@code capped:*} with a default of 30 s and a cap of a minute; {@code strict:*}
     * refusing writes without a TTL; {@code config:*} persistent.
     */
    public static GuardConfig rules() {
        return GuardConfig.builder()
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
                .build();
    }

    @Test
    void maxTtl_capsLongerRequestedTtl_whereRawClientKeepsIt() {
        double capped = counter("redis.guard.ttl", "rule", "capped", "action", "capped");
        guarded().call("SET", "capped:a", "v", "EX", "3600");
        guarded().call("EXPIRE", "capped:b", "1"); // no such key: nothing to cap, nothing created
        guarded().call("SET", "capped:c", "v");
        guarded().call("EXPIRE", "capped:c", "86400");
        raw().call("SET", "capped:raw", "v", "EX", "3600");

        assertThat(pttl("capped:a")).isBetween(1L, 60_000L);
        assertThat(pttl("capped:c")).isBetween(1L, 60_000L);
        assertThat(pttl("capped:raw")).isGreaterThan(3_500_000L);
        assertThat(counter("redis.guard.ttl", "rule", "capped", "action", "capped") - capped)
                .isEqualTo(2);
    }

    @Test
    void ttlWithinBounds_isKeptAsRequested() {
        guarded().call("SET", "capped:a", "v", "PX", "45000");

        assertThat(pttl("capped:a")).isBetween(40_000L, 45_000L);
    }

    @Test
    void rejectMode_throwsMissingTtlAndWritesNothing_whereRawWrites() {
        long setsBefore = calls("set");

        assertThatThrownBy(() -> guarded().call("SET", "strict:a", "v"))
                .isInstanceOf(MissingTtlException.class)
                .hasMessageStartingWith("SET under rule 'strict' must carry a TTL");
        assertThatThrownBy(() -> guarded().call("MSET", "strict:b", "v")).isInstanceOf(MissingTtlException.class);

        assertThat(server().call("EXISTS", "strict:a", "strict:b")).isEqualTo(0L);
        assertThat(calls("set")).isEqualTo(setsBefore);
        assertThat(counter("redis.guard.writes", "rule", "strict", "reason", "missing_ttl"))
                .isGreaterThanOrEqualTo(2);
        raw().call("SET", "strict:a", "v");
        assertThat(pttl("strict:a")).isEqualTo(-1);
    }

    @Test
    void rejectMode_inPipelineAndTransaction_refusesThatWrite_andTheRestGoesOn() {
        List<Object> piped = guarded()
                .pipelined(
                        List.of(Command.of("SET", "strict:p1", "v"), Command.of("SET", "strict:p2", "v", "EX", "100")));
        List<Object> multi =
                guarded().transaction(List.of(Command.of("SET", "strict:t1", "v"), Command.of("SET", "other:t2", "v")));

        assertThat(piped.get(0)).isInstanceOf(MissingTtlException.class);
        assertThat(multi).anySatisfy(reply -> assertThat(reply).isInstanceOf(MissingTtlException.class));
        assertThat(server().call("EXISTS", "strict:p1", "strict:t1")).isEqualTo(0L);
        assertThat(pttl("strict:p2")).isPositive();
        assertThat(pttl("other:t2")).isPositive();
    }

    @Test
    void rejectMode_writeWithTtl_passes() {
        guarded().call("SET", "strict:d", "v", "EX", "100");

        assertThat(pttl("strict:d")).isBetween(90_000L, 100_000L);
    }

    @Test
    void persistentRule_leavesKeysWithoutTtl_andCountsThem() {
        double before = counter("redis.guard.ttl", "rule", "config:*", "action", "persistent");

        guarded().call("SET", "config:flags", "on");
        guarded().call("HSET", "config:limits", "rate", "10");

        assertThat(pttl("config:flags")).isEqualTo(-1);
        assertThat(pttl("config:limits")).isEqualTo(-1);
        assertThat(counter("redis.guard.ttl", "rule", "config:*", "action", "persistent"))
                .isEqualTo(before + 2);
    }

    @Test
    void persist_onGuardedKey_givesTheDefaultTtlInsteadOfRemovingIt() {
        raw().call("SET", "capped:p", "v", "EX", "5");

        guarded().call("PERSIST", "capped:p");

        assertThat(pttl("capped:p")).isBetween(5_001L, 30_000L);
    }
}
