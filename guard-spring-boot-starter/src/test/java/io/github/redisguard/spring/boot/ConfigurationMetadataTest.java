/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The IDE metadata the build generates ({@code META-INF/spring-configuration-metadata.json} in the starter's classes:
 * the configuration processor's output merged with {@code additional-spring-configuration-metadata.json}) holds what
 * the docs say it holds.
 */
class ConfigurationMetadataTest {

    private static final JsonNode METADATA = read();

    @Test
    void localTierProperties_listedWithTypeDescriptionAndDefault() {
        Map<String, JsonNode> properties = byName("properties");
        Map<String, String> types = Map.of(
                "redis-guard.local-tier.enabled", "java.lang.Boolean",
                "redis-guard.local-tier.patterns", "java.util.List<java.lang.String>",
                "redis-guard.local-tier.maximum-entries", "java.lang.Long",
                "redis-guard.local-tier.maximum-weight", "org.springframework.util.unit.DataSize",
                "redis-guard.local-tier.max-staleness", "java.time.Duration",
                "redis-guard.local-tier.stale-if-error", "java.time.Duration");
        types.forEach((name, type) -> {
            assertThat(properties).as(name).containsKey(name);
            JsonNode property = properties.get(name);
            assertThat(property.path("type").asString()).as(name).isEqualTo(type);
            assertThat(property.path("description").asString()).as(name).isNotBlank();
        });
        assertThat(properties
                        .get("redis-guard.local-tier.patterns")
                        .path("description")
                        .asString())
                .contains("literal prefixes followed by '*'");
        assertThat(properties
                        .get("redis-guard.local-tier.enabled")
                        .path("defaultValue")
                        .asBoolean(true))
                .isFalse();
        assertThat(properties
                        .get("redis-guard.local-tier.maximum-entries")
                        .path("defaultValue")
                        .asLong())
                .isEqualTo(10_000L);
        assertThat(properties
                        .get("redis-guard.local-tier.max-staleness")
                        .path("defaultValue")
                        .asString())
                .isEqualTo("30s");
        assertThat(properties
                        .get("redis-guard.local-tier.stale-if-error")
                        .path("defaultValue")
                        .asString())
                .isEqualTo("0s");
    }

    @Test
    void enumeratedSettings_haveValueHints() {
        Map<String, JsonNode> hints = byName("hints");
        Map<String, List<String>> expected = Map.of(
                "redis-guard.on-missing-ttl", List.of("apply-default", "reject"),
                "redis-guard.compression.algorithm", List.of("none", "lz4", "zstd"),
                "redis-guard.memory.fail-mode", List.of("open", "closed"),
                "redis-guard.memory.default-shed-class", List.of("low", "normal", "critical"));
        expected.forEach((name, values) -> {
            assertThat(hints).as(name).containsKey(name);
            List<String> hinted = new ArrayList<>();
            for (JsonNode value : hints.get(name).path("values")) {
                hinted.add(value.path("value").asString());
                assertThat(value.path("description").asString()).as(name).isNotBlank();
            }
            assertThat(hinted).as(name).containsExactlyElementsOf(values);
        });
    }

    @Test
    void rules_areOneListProperty_whoseElementFieldsTheFormatCannotName() {
        Map<String, JsonNode> properties = byName("properties");
        assertThat(properties.get("redis-guard.rules").path("type").asString())
                .isEqualTo("java.util.List<io.github.redisguard.spring.boot.RedisGuardProperties$Rule>");
        List<String> names = new ArrayList<>(properties.keySet());
        names.addAll(byName("hints").keySet());
        assertThat(names)
                .noneMatch(name -> name.startsWith("redis-guard.rules[") || name.startsWith("redis-guard.rules."));
    }

    private static Map<String, JsonNode> byName(String section) {
        Map<String, JsonNode> items = new LinkedHashMap<>();
        for (JsonNode item : METADATA.path(section)) {
            items.put(item.path("name").asString(), item);
        }
        return items;
    }

    private static JsonNode read() {
        try {
            Path classes = Path.of(RedisGuardProperties.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            File file = classes.resolve("META-INF/spring-configuration-metadata.json")
                    .toFile();
            assertThat(file).as("the configuration processor's output").exists();
            return JsonMapper.builder().build().readTree(file);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
