/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.redisguard.memory.MemorySample;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InfoParserTest {

    private static final String NODE = "10.0.0.1:6379";

    private static final Instant TIME = Instant.parse("2026-03-01T12:00:00Z");

    private static MemorySample parse(String info) {
        return InfoParser.parse(NODE, TIME, info);
    }

    @Test
    void redis7MemoryAndStatsReplies_giveEveryFieldOfTheSample() {
        String info = InfoReplies.memory(1_275_068_416L, 1_500_000_000L, 16_396_808_192L, "allkeys-lru") + "\r\n"
                + InfoReplies.stats(42);

        MemorySample sample = parse(info);

        assertThat(sample)
                .isEqualTo(new MemorySample(
                        NODE, TIME, 1_275_068_416L, 1_500_000_000L, 16_396_808_192L, "allkeys-lru", 1.06, 42));
    }

    @Test
    void fieldsWithCommonPrefixes_areNotConfused() {
        // used_memory_rss, used_memory_peak, used_memory_human, maxmemory_human, maxmemory_policy all come near
        MemorySample sample = parse(InfoReplies.memory(1000, 2000) + InfoReplies.stats(0));

        assertThat(sample.usedMemory()).isEqualTo(1000);
        assertThat(sample.maxmemory()).isEqualTo(2000);
        assertThat(sample.maxmemoryPolicy()).isEqualTo("noeviction");
    }

    @Test
    void lfLineEnds_andBlankLines_areReadToo() {
        MemorySample sample = parse("# Memory\n\nused_memory:1024\nmaxmemory:4096\n\n# Stats\nevicted_keys:3\n");

        assertThat(sample.usedMemory()).isEqualTo(1024);
        assertThat(sample.maxmemory()).isEqualTo(4096);
        assertThat(sample.evictedKeys()).isEqualTo(3);
    }

    @Test
    void otherSections_andValuesWithColons_areIgnored() {
        String info = InfoReplies.crlf("# Server\n"
                + "redis_version:7.0.15\n"
                + "executable:/usr/local/bin/redis-server\n"
                + "config_file:\n"
                + "# Memory\n"
                + "used_memory:2048\n"
                + "# Keyspace\n"
                + "db0:keys=10,expires=2,avg_ttl=0\n");

        MemorySample sample = parse(info);

        assertThat(sample.usedMemory()).isEqualTo(2048);
        assertThat(sample.maxmemory()).isZero();
    }

    @Test
    void commentLines_areNotFields() {
        MemorySample sample = parse("# used_memory:999\r\nused_memory:1\r\n#maxmemory:5\r\n");

        assertThat(sample.usedMemory()).isEqualTo(1);
        assertThat(sample.maxmemory()).isZero();
    }

    @Test
    void spacesAroundAValue_areTrimmed() {
        assertThat(parse("used_memory: 1024 \r\n").usedMemory()).isEqualTo(1024);
    }

    @Test
    void missingFields_areZero_orEmptyForThePolicy() {
        MemorySample sample = parse("# Memory\r\nused_memory:1024\r\n");

        assertThat(sample).isEqualTo(new MemorySample(NODE, TIME, 1024, 0, 0, "", 0.0, 0));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "# Memory\r\nmaxmemory:1000\r\n",
                "used_memory_human:1.00M\r\nused_memory_rss:2000\r\n",
                "NOPERM User guard has no permissions to run the 'info' command"
            })
    void replyWithoutUsedMemory_fails(String info) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(info))
                .withMessage("INFO reply must contain used_memory, but had none");
    }

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({
        "used_memory, 12abc",
        "used_memory, 1.00M",
        "used_memory, 99999999999999999999",
        "maxmemory, 1.5G",
        "maxmemory, ''",
        "total_system_memory, unknown"
    })
    void garbageInAFieldTheLimitRestsOn_failsNamingFieldAndValue(String field, String value) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("used_memory", "1024");
        fields.put("maxmemory", "4096");
        fields.put("total_system_memory", "8192");
        fields.put(field, value);
        String info = fields.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\r\n")
                .collect(Collectors.joining());

        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(info))
                .withMessage("INFO field " + field + " must be a whole number of bytes, but was '" + value + "'")
                .withCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void unreadableInformationalFields_areZero_soTheyNeverBlindTheBreaker() {
        MemorySample sample = parse("used_memory:1024\r\nmem_fragmentation_ratio:nan\r\nevicted_keys:many\r\n");

        assertThat(sample.usedMemory()).isEqualTo(1024);
        assertThat(sample.fragmentationRatio()).isZero();
        assertThat(sample.evictedKeys()).isZero();
    }
}
