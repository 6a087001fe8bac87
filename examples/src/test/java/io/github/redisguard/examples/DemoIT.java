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

/** The demo's figures: what `make demo` prints and the shape of demo-report.json that later stages extend. */
class DemoIT {

    @Test
    void demo_rawLeavesKeysWithoutTtl_guardedLeavesNone_andTheReportHasTheAgreedShape() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        Demo.Side raw = Demo.run("raw", false, out);
        Demo.Side guarded = Demo.run("guarded", true, out);

        assertThat(raw.keys).isPositive();
        assertThat(raw.keysWithoutTtl).isEqualTo(raw.keys);
        assertThat(guarded.keys).isEqualTo(raw.keys);
        assertThat(guarded.keysWithoutTtl).isZero();
        assertThat(guarded.succeeded).isEqualTo(guarded.attempted).isEqualTo(raw.attempted);
        assertThat(guarded.compressionSaved).isPositive();
        assertThat(guarded.usedMemory).isLessThan(raw.usedMemory);
        assertThat(guarded.valuesIdentical).isEqualTo(guarded.valuesReadBack).isEqualTo(Demo.SESSIONS);

        String json = Demo.json(raw, guarded);
        for (String side : List.of("raw", "guarded")) {
            assertThat(json).containsPattern("\"" + side + "\": \\{");
        }
        for (String field :
                List.of("attempted", "succeeded", "shed", "oom_errors", "keys_without_ttl", "used_memory_bytes")) {
            assertThat(Pattern.compile("\"" + field + "\": \\d+,")
                            .matcher(json)
                            .results()
                            .count())
                    .as(field)
                    .isEqualTo(2);
        }
        assertThat(Pattern.compile("\"peak_used_ratio\": 0\\.\\d+,")
                        .matcher(json)
                        .results()
                        .count())
                .isEqualTo(2);
    }
}
