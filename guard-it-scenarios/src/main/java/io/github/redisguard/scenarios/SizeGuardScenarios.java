/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.ValueTooLargeException;
import io.github.redisguard.scenarios.AdapterUnderTest.Command;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Oversized values are refused before they reach the server, in plain calls, pipelines and transactions. */
public abstract class SizeGuardScenarios extends ScenarioSupport {

    @Override
    protected GuardConfig config() {
        return GuardConfig.builder()
                .defaultTtl(Duration.ofMinutes(10))
                .rule(KeyRule.builder("session:*")
                        .name("sessions")
                        .maxValueSize(DataSize.ofKilobytes(1))
                        .build())
                .build();
    }

    @Test
    void oversizedValue_raisesValueTooLarge_andNothingReachesTheServer() {
        String big = "x".repeat(1500);
        long sets = calls("set");
        long hsets = calls("hset");
        long evals = calls("eval");
        double refused = counter("redis.guard.writes", "rule", "sessions", "reason", "value_too_large");

        assertThatThrownBy(() -> guarded().call("SET", "session:a", big))
                .isInstanceOf(ValueTooLargeException.class)
                .hasMessage("SET under rule 'sessions': value size must be at most 1KB (1024 bytes),"
                        + " but was 1500B (1500 bytes)")
                .satisfies(e -> {
                    assertThat(((ValueTooLargeException) e).size()).isEqualTo(1500);
                    assertThat(((ValueTooLargeException) e).limit()).isEqualTo(1024);
                });
        assertThatThrownBy(() -> guarded().call("HSET", "session:b", "attr", big))
                .isInstanceOf(ValueTooLargeException.class);
        assertThatThrownBy(() -> guarded().call("RPUSH", "session:c", "ok", big))
                .isInstanceOf(ValueTooLargeException.class);

        assertThat(server().call("EXISTS", "session:a", "session:b", "session:c"))
                .isEqualTo(0L);
        assertThat(calls("set")).isEqualTo(sets);
        assertThat(calls("hset")).isEqualTo(hsets);
        assertThat(calls("eval")).isEqualTo(evals);
        assertThat(counter("redis.guard.writes", "rule", "sessions", "reason", "value_too_large") - refused)
                .isEqualTo(3);
    }

    @Test
    void oversizedValue_inPipelineAndTransaction_isRefused_andTheOthersAreWritten() {
        String big = "x".repeat(1500);

        List<Object> piped = guarded()
                .pipelined(List.of(Command.of("SET", "session:p1", "ok"), Command.of("SET", "session:p2", big)));
        List<Object> multi = guarded()
                .transaction(
                        List.of(Command.of("SET", "session:t1", "ok"), Command.of("HSET", "session:t2", "f", big)));

        assertThat(piped.get(1)).isInstanceOf(ValueTooLargeException.class);
        assertThat(multi).anySatisfy(reply -> assertThat(reply).isInstanceOf(ValueTooLargeException.class));
        assertThat(server().call("EXISTS", "session:p1", "session:t1")).isEqualTo(2L);
        assertThat(server().call("EXISTS", "session:p2", "session:t2")).isEqualTo(0L);
    }

    @Test
    void sameValue_unguarded_isWritten() {
        raw().call("SET", "session:a", "x".repeat(1500));

        assertThat(server().call("STRLEN", "session:a")).isEqualTo(1500L);
    }

    @Test
    void valueAtTheLimit_passes() {
        guarded().call("SET", "session:a", "x".repeat(1024));

        assertThat(server().call("STRLEN", "session:a")).isEqualTo(1024L);
    }
}
