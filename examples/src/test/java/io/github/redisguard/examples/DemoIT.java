/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo's figures: what `make demo` prints and the shape of demo-report.json. */
class DemoIT {

    @Test
    void oomDrill_rawRunsIntoOom_guardedShedsTheCacheAndKeepsWritingSessions_andTheReportHasTheAgreedShape()
            throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        Demo.Side raw = Demo.run("raw", false, out, false);
        Demo.Side guarded = Demo.run("guarded", true, out, false);

        assertThat(raw.attempted).isEqualTo(guarded.attempted).isEqualTo(Demo.WRITES);
        assertThat(raw.otherErrors).isZero();
        assertThat(guarded.otherErrors).isZero();

        // Raw: the flood runs the server into maxmemory; Redis refuses the rest with OOM, and the sessions after it
        // too, all but the few that fit into what the server frees once the flood's buffers are gone.
        assertThat(raw.oomErrors).isPositive();
        assertThat(raw.shed).isZero();
        assertThat(raw.succeeded + raw.oomErrors).isEqualTo(raw.attempted);
        assertThat(raw.keys).isPositive();
        assertThat(raw.keysWithoutTtl).isEqualTo(raw.keys);
        assertThat(raw.sessionsAfterFloodAttempted).isEqualTo(Demo.SESSIONS_AFTER_FLOOD);
        assertThat(raw.sessionsAfterFloodOk).isLessThan(Demo.SESSIONS_AFTER_FLOOD / 2);
        assertThat(raw.peakUsedRatio()).isGreaterThanOrEqualTo(0.97);

        // Guarded: the cache is shed before Redis says OOM; sessions (critical) still go in; every key has a TTL.
        assertThat(guarded.oomErrors).isZero();
        assertThat(guarded.shed).isPositive().isEqualTo(guarded.shedMetered);
        assertThat(guarded.succeeded + guarded.shed).isEqualTo(guarded.attempted);
        assertThat(guarded.keys).isPositive();
        assertThat(guarded.keysWithoutTtl).isZero();
        assertThat(guarded.sessionsAfterFloodOk)
                .isEqualTo(guarded.sessionsAfterFloodAttempted)
                .isEqualTo(Demo.SESSIONS_AFTER_FLOOD);
        assertThat(guarded.peakUsedRatio()).isLessThanOrEqualTo(0.97 + 0.02);
        assertThat(guarded.compressionSaved).isPositive();
        assertThat(guarded.valuesIdentical).isEqualTo(guarded.valuesReadBack).isEqualTo(Demo.SESSIONS);
        assertThat(raw.valuesIdentical).isEqualTo(raw.valuesReadBack).isEqualTo(Demo.SESSIONS);

        // The progress line (not a terminal here: a line per quarter), closed by the side's last figures.
        String progress = printed.toString(StandardCharsets.UTF_8);
        for (String side : List.of("raw", "guarded")) {
            assertThat(progress)
                    .containsPattern("(?m)^  " + side + " +done +" + Demo.WRITES + "/" + Demo.WRITES
                            + " writes  ok +\\d+  shed +\\d+  OOM +\\d+  used_memory +\\d+\\.\\d% of 32MB");
        }

        String json = Demo.json(raw, guarded);
        for (String side : List.of("raw", "guarded")) {
            assertThat(json).containsPattern("\"" + side + "\": \\{");
        }
        for (String field : List.of(
                "attempted",
                "succeeded",
                "shed",
                "oom_errors",
                "keys_without_ttl",
                "used_memory_bytes",
                "sessions_after_flood_ok",
                "sessions_after_flood_attempted")) {
            assertThat(count(json, "\"" + field + "\": \\d+,")).as(field).isEqualTo(2);
        }
        assertThat(count(json, "\"peak_used_ratio\": \\d+\\.\\d+,")).isEqualTo(2);
        // maxmemory_bytes: at the top and in each side.
        assertThat(count(json, "\"maxmemory_bytes\": " + Demo.MAXMEMORY.toBytes() + ","))
                .isEqualTo(3);
        assertThat(json).contains("\"thresholds\": {\"low\": 0.85, \"normal\": 0.92, \"critical\": 0.97}");
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }
}
