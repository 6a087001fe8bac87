/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.codec.Compression;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRuleTest {

    /** A rule with every setting away from "unset". */
    static KeyRule everyField() {
        return KeyRule.builder("session:*")
                .name("sessions")
                .defaultTtl(Duration.ofMinutes(30))
                .maxTtl(Duration.ofHours(12))
                .minTtl(Duration.ofSeconds(5))
                .jitter(0.25)
                .onMissingTtl(OnMissingTtl.REJECT)
                .compression(Compression.lz4(DataSize.ofKilobytes(1)))
                .maxValueSize(DataSize.ofKilobytes(512))
                .build();
    }

    @Test
    void builder_nothingSet_inheritsEverythingAndIsNamedByPattern() {
        KeyRule rule = KeyRule.builder("cache:*").build();

        assertThat(rule.name()).isEqualTo("cache:*");
        assertThat(rule.pattern()).isEqualTo("cache:*");
        assertThat(rule.defaultTtl()).isEmpty();
        assertThat(rule.maxTtl()).isEmpty();
        assertThat(rule.minTtl()).isEmpty();
        assertThat(rule.jitter()).isEqualTo(OptionalDouble.empty());
        assertThat(rule.onMissingTtl()).isEmpty();
        assertThat(rule.persistent()).isFalse();
        assertThat(rule.compression()).isEmpty();
        assertThat(rule.maxValueSize()).isEmpty();
    }

    @Test
    void builder_everyFieldSet_returnsEachSetting() {
        KeyRule rule = everyField();

        assertThat(rule.name()).isEqualTo("sessions");
        assertThat(rule.pattern()).isEqualTo("session:*");
        assertThat(rule.defaultTtl()).contains(Duration.ofMinutes(30));
        assertThat(rule.maxTtl()).contains(Duration.ofHours(12));
        assertThat(rule.minTtl()).contains(Duration.ofSeconds(5));
        assertThat(rule.jitter()).isEqualTo(OptionalDouble.of(0.25));
        assertThat(rule.onMissingTtl()).contains(OnMissingTtl.REJECT);
        assertThat(rule.compression()).contains(Compression.lz4(DataSize.ofKilobytes(1)));
        assertThat(rule.maxValueSize()).contains(DataSize.ofKilobytes(512));
    }

    @Test
    void persistent_factory_isPersistentWithoutTtlSettings() {
        KeyRule rule = KeyRule.persistent("config:*");

        assertThat(rule.persistent()).isTrue();
        assertThat(rule.name()).isEqualTo("config:*");
        assertThat(rule.defaultTtl()).isEmpty();
        assertThat(rule).isEqualTo(KeyRule.builder("config:*").persistent(true).build());
    }

    @Test
    void toBuilder_everyFieldSet_buildsAnEqualRule() {
        KeyRule rule = everyField();

        KeyRule copy = rule.toBuilder().build();

        assertThat(copy).isEqualTo(rule).hasSameHashCodeAs(rule).isNotSameAs(rule);
        assertThat(copy).hasToString(rule.toString());
    }

    @Test
    void toBuilder_persistentRule_buildsAnEqualRule() {
        KeyRule rule = KeyRule.builder("config:*")
                .name("config")
                .persistent(true)
                .compression(Compression.zstd(DataSize.ofKilobytes(4)))
                .maxValueSize(DataSize.ofMegabytes(1))
                .build();

        assertThat(rule.toBuilder().build()).isEqualTo(rule);
    }

    static Stream<Arguments> oneFieldChanged() {
        Map<String, UnaryOperator<KeyRule.Builder>> changes = new LinkedHashMap<>();
        changes.put("name", b -> b.name("other"));
        changes.put("defaultTtl", b -> b.defaultTtl(Duration.ofMinutes(31)));
        changes.put("maxTtl", b -> b.maxTtl(Duration.ofHours(13)));
        changes.put("minTtl", b -> b.minTtl(Duration.ofSeconds(6)));
        changes.put("jitter", b -> b.jitter(0.3));
        changes.put("onMissingTtl", b -> b.onMissingTtl(OnMissingTtl.APPLY_DEFAULT));
        changes.put("compression", b -> b.compression(Compression.zstd(DataSize.ofKilobytes(1))));
        changes.put("maxValueSize", b -> b.maxValueSize(DataSize.ofKilobytes(513)));
        return changes.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** Catches a field that equals() ignores, and with toBuilder_everyFieldSet one that toBuilder() forgets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void equals_rulesDifferingInOneField_areNotEqual(String field, UnaryOperator<KeyRule.Builder> change) {
        KeyRule rule = everyField();

        KeyRule changed = change.apply(rule.toBuilder()).build();

        assertThat(changed).as(field).isNotEqualTo(rule);
        assertThat(change.apply(rule.toBuilder()).build()).as(field).isEqualTo(changed);
    }

    @Test
    void equals_differentPatternOrPersistence_areNotEqual() {
        assertThat(KeyRule.builder("a*").name("r").build())
                .isNotEqualTo(KeyRule.builder("b*").name("r").build());
        assertThat(KeyRule.builder("a*").build())
                .isNotEqualTo(KeyRule.builder("a*").persistent(true).build());
    }

    @Test
    void builder_emptyPattern_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder(""))
                .withMessage("pattern must not be empty, but was ''");
    }

    @Test
    void builder_unclosedClass_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder("[abc"))
                .withMessage("pattern must close every '[' with ']', but was '[abc'");
    }

    @Test
    void builder_trailingBackslash_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.persistent("user:\\"))
                .withMessage("pattern must not end with a lone '\\', but was 'user:\\'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void name_blank_failsWithMessage(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder("a*").name(name))
                .withMessage("name must not be blank, but was '" + name + "'");
    }

    @Test
    void defaultTtl_zero_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder("a*").defaultTtl(Duration.ZERO))
                .withMessage("defaultTtl must be at least 1 ms, but was PT0S");
    }

    @Test
    void maxTtl_negative_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder("a*").maxTtl(Duration.ofSeconds(-1)))
                .withMessage("maxTtl must be at least 1 ms, but was PT-1S");
    }

    @Test
    void minTtl_belowOneMillisecond_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder("a*").minTtl(Duration.ofNanos(999_999)))
                .withMessage("minTtl must be at least 1 ms, but was PT0.000999999S");
    }

    @Test
    void defaultTtl_oneMillisecond_isAccepted() {
        assertThat(KeyRule.builder("a*")
                        .defaultTtl(Duration.ofMillis(1))
                        .build()
                        .defaultTtl())
                .contains(Duration.ofMillis(1));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.01, 1.0, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
    void jitter_outsideZeroToOne_failsWithMessage(double jitter) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder("a*").jitter(jitter))
                .withMessage("jitter must be at least 0 and below 1, but was " + jitter);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.5, 0.999})
    void jitter_insideZeroToOne_isAccepted(double jitter) {
        assertThat(KeyRule.builder("a*").jitter(jitter).build().jitter()).isEqualTo(OptionalDouble.of(jitter));
    }

    @Test
    void maxValueSize_zero_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder("a*").maxValueSize(DataSize.ofBytes(0)))
                .withMessage("maxValueSize must be between 1B and 512MB, but was 0B");
    }

    @Test
    void maxValueSize_aboveRedisLimit_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KeyRule.builder("a*").maxValueSize(DataSize.ofBytes(512L * 1024 * 1024 + 1)))
                .withMessage("maxValueSize must be between 1B and 512MB, but was 536870913B");
    }

    @Test
    void maxValueSize_bounds_areAccepted() {
        assertThat(KeyRule.builder("a*")
                        .maxValueSize(DataSize.ofBytes(1))
                        .build()
                        .maxValueSize())
                .contains(DataSize.ofBytes(1));
        assertThat(KeyRule.builder("a*")
                        .maxValueSize(DataSize.ofMegabytes(512))
                        .build()
                        .maxValueSize())
                .contains(DataSize.ofMegabytes(512));
    }

    @Test
    void compression_thresholdBelowMinimum_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Compression.lz4(DataSize.ofBytes(1)))
                .withMessage("compression.threshold must be between 32B and 512MB, but was 1B");
    }

    @Test
    void compression_thresholdAboveMaximum_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Compression.zstd(DataSize.ofBytes(512L * 1024 * 1024 + 1)))
                .withMessage("compression.threshold must be between 32B and 512MB, but was 536870913B");
    }

    @Test
    void build_persistentWithTtlSettings_failsNamingEachSetting() {
        KeyRule.Builder builder = KeyRule.builder("config:*")
                .persistent(true)
                .defaultTtl(Duration.ofHours(1))
                .minTtl(Duration.ofSeconds(1))
                .onMissingTtl(OnMissingTtl.REJECT);

        assertThatThrownBy(builder::build)
                .isInstanceOf(GuardConfigurationException.class)
                .hasMessage("rules[config:*].persistent must not be combined with TTL settings,"
                        + " but the rule also sets defaultTtl minTtl onMissingTtl")
                .extracting(e -> ((GuardConfigurationException) e).setting())
                .isEqualTo("rules[config:*].persistent");
    }

    @Test
    void build_namedPersistentWithMaxTtl_failsNamingTheRule() {
        KeyRule.Builder builder = KeyRule.builder("config:*")
                .name("config")
                .maxTtl(Duration.ofDays(1))
                .persistent(true);

        assertThatThrownBy(builder::build)
                .isInstanceOf(GuardConfigurationException.class)
                .hasMessage(
                        "rules[config].persistent must not be combined with TTL settings, but the rule also sets maxTtl")
                .extracting(e -> ((GuardConfigurationException) e).setting())
                .isEqualTo("rules[config].persistent");
    }

    @Test
    void build_persistentWithCompressionAndSizeLimit_isAccepted() {
        KeyRule rule = KeyRule.builder("config:*")
                .persistent(true)
                .compression(Compression.lz4(DataSize.ofKilobytes(1)))
                .maxValueSize(DataSize.ofKilobytes(64))
                .build();

        assertThat(rule.persistent()).isTrue();
        assertThat(rule.maxValueSize()).contains(DataSize.ofKilobytes(64));
    }

    @Test
    void builder_nullArguments_failWithTheirName() {
        KeyRule.Builder builder = KeyRule.builder("a*");

        assertThatThrownBy(() -> KeyRule.builder(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder.defaultTtl(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("defaultTtl");
        assertThatThrownBy(() -> builder.compression(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("compression");
    }
}
