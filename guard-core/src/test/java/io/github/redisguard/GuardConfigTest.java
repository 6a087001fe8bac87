/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.codec.Compression;
import io.github.redisguard.codec.ValueCodec;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.local.LocalTierConfigTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GuardConfigTest {

    /** A configuration with every setting away from its default. */
    static GuardConfig everyField() {
        return GuardConfig.builder()
                .defaultTtl(Duration.ofHours(2))
                .maxTtl(Duration.ofDays(7))
                .minTtl(Duration.ofSeconds(10))
                .jitter(0.1)
                .onMissingTtl(OnMissingTtl.REJECT)
                .compression(Compression.zstd(DataSize.ofKilobytes(2)))
                .maxValueSize(DataSize.ofMegabytes(4))
                .maxDecodedSize(DataSize.ofMegabytes(32))
                .rule(KeyRuleTest.everyField())
                .rule(KeyRule.persistent("config:*"))
                .localTier(LocalTierConfigTest.everyField())
                .build();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertConflict(
            GuardConfig.Builder builder, String setting, String message) {
        return assertThatThrownBy(builder::build)
                .isInstanceOf(GuardConfigurationException.class)
                .hasMessage(message)
                .satisfies(e ->
                        assertThat(((GuardConfigurationException) e).setting()).isEqualTo(setting));
    }

    @Test
    void defaultConstants_haveTheDocumentedValues() {
        assertThat(GuardConfig.DEFAULT_RULE_NAME).isEqualTo("default");
        assertThat(GuardConfig.DEFAULT_TTL).isEqualTo(Duration.ofDays(1));
        assertThat(GuardConfig.DEFAULT_ON_MISSING_TTL).isEqualTo(OnMissingTtl.APPLY_DEFAULT);
        assertThat(GuardConfig.DEFAULT_JITTER).isEqualTo(0.0);
        assertThat(GuardConfig.DEFAULT_COMPRESSION).isEqualTo(Compression.none());
        assertThat(GuardConfig.DEFAULT_MAX_VALUE_SIZE).isEqualTo(DataSize.ofMegabytes(8));
        assertThat(GuardConfig.DEFAULT_MAX_DECODED_SIZE).isEqualTo(ValueCodec.DEFAULT_MAX_DECODED_SIZE);
        assertThat(GuardConfig.MAX_REDIS_VALUE_SIZE).isEqualTo(DataSize.ofMegabytes(512));
    }

    @Test
    void defaults_holdEveryDefaultConstantAndNoRules() {
        GuardConfig config = GuardConfig.defaults();

        assertThat(config.rules()).isEmpty();
        assertThat(config.defaultTtl()).isEqualTo(GuardConfig.DEFAULT_TTL);
        assertThat(config.maxTtl()).isEmpty();
        assertThat(config.minTtl()).isEmpty();
        assertThat(config.jitter()).isEqualTo(GuardConfig.DEFAULT_JITTER);
        assertThat(config.onMissingTtl()).isEqualTo(GuardConfig.DEFAULT_ON_MISSING_TTL);
        assertThat(config.compression()).isEqualTo(GuardConfig.DEFAULT_COMPRESSION);
        assertThat(config.maxValueSize()).isEqualTo(GuardConfig.DEFAULT_MAX_VALUE_SIZE);
        assertThat(config.maxDecodedSize()).isEqualTo(GuardConfig.DEFAULT_MAX_DECODED_SIZE);
        assertThat(config.localTier()).isSameAs(LocalTierConfig.defaults());
        assertThat(config.localTier().enabled()).isFalse();
    }

    @Test
    void builder_nothingSet_equalsDefaults() {
        assertThat(GuardConfig.builder().build())
                .isEqualTo(GuardConfig.defaults())
                .hasSameHashCodeAs(GuardConfig.defaults());
        assertThat(GuardConfig.defaults().toBuilder().build()).isEqualTo(GuardConfig.defaults());
    }

    @Test
    void builder_everyFieldSet_returnsEachSetting() {
        GuardConfig config = everyField();

        assertThat(config.defaultTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(config.maxTtl()).contains(Duration.ofDays(7));
        assertThat(config.minTtl()).contains(Duration.ofSeconds(10));
        assertThat(config.jitter()).isEqualTo(0.1);
        assertThat(config.onMissingTtl()).isEqualTo(OnMissingTtl.REJECT);
        assertThat(config.compression()).isEqualTo(Compression.zstd(DataSize.ofKilobytes(2)));
        assertThat(config.maxValueSize()).isEqualTo(DataSize.ofMegabytes(4));
        assertThat(config.maxDecodedSize()).isEqualTo(DataSize.ofMegabytes(32));
        assertThat(config.rules()).containsExactly(KeyRuleTest.everyField(), KeyRule.persistent("config:*"));
        assertThat(config.localTier()).isEqualTo(LocalTierConfigTest.everyField());
    }

    @Test
    void toBuilder_everyFieldSet_buildsAnEqualConfig() {
        GuardConfig config = everyField();

        GuardConfig copy = config.toBuilder().build();

        assertThat(copy).isEqualTo(config).hasSameHashCodeAs(config).isNotSameAs(config);
        assertThat(copy).hasToString(config.toString());
    }

    static Stream<Arguments> oneFieldChanged() {
        Map<String, UnaryOperator<GuardConfig.Builder>> changes = new LinkedHashMap<>();
        changes.put("defaultTtl", b -> b.defaultTtl(Duration.ofHours(3)));
        changes.put("maxTtl", b -> b.maxTtl(Duration.ofDays(8)));
        changes.put("maxTtl unset", b -> b.maxTtl(null));
        changes.put("minTtl", b -> b.minTtl(Duration.ofSeconds(11)));
        changes.put("minTtl unset", b -> b.minTtl(null));
        changes.put("jitter", b -> b.jitter(0.2));
        changes.put("onMissingTtl", b -> b.onMissingTtl(OnMissingTtl.APPLY_DEFAULT));
        changes.put("compression", b -> b.compression(Compression.lz4(DataSize.ofKilobytes(2))));
        changes.put("maxValueSize", b -> b.maxValueSize(DataSize.ofMegabytes(5)));
        changes.put("maxDecodedSize", b -> b.maxDecodedSize(DataSize.ofMegabytes(33)));
        changes.put("localTier", b -> b.localTier(LocalTierConfig.defaults()));
        changes.put("one rule more", b -> b.rule(KeyRule.builder("cache:*").build()));
        changes.put("rules reordered", b -> b.rules(List.of(KeyRule.persistent("config:*"), KeyRuleTest.everyField())));
        changes.put(
                "a rule changed",
                b -> b.rules(List.of(
                        KeyRuleTest.everyField().toBuilder().jitter(0.3).build(), KeyRule.persistent("config:*"))));
        return changes.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** Catches a field that equals() ignores, and with toBuilder_everyFieldSet one that toBuilder() forgets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void equals_configsDifferingInOneField_areNotEqual(String field, UnaryOperator<GuardConfig.Builder> change) {
        GuardConfig config = everyField();

        GuardConfig changed = change.apply(config.toBuilder()).build();

        assertThat(changed).as(field).isNotEqualTo(config);
        assertThat(change.apply(config.toBuilder()).build()).as(field).isEqualTo(changed);
    }

    @Test
    void rules_areUnmodifiableAndKeepTheirOrder() {
        GuardConfig config = everyField();

        assertThat(config.rules()).extracting(KeyRule::name).containsExactly("sessions", "config:*");
        assertThatThrownBy(() -> config.rules().add(KeyRule.persistent("x")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rules_replacesEarlierRules() {
        GuardConfig config = GuardConfig.builder()
                .rule(KeyRule.persistent("a*"))
                .rules(List.of(KeyRule.persistent("b*")))
                .build();

        assertThat(config.rules()).containsExactly(KeyRule.persistent("b*"));
    }

    @Test
    void defaultTtl_zero_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GuardConfig.builder().defaultTtl(Duration.ZERO))
                .withMessage("defaultTtl must be at least 1 ms, but was PT0S");
    }

    @Test
    void maxTtl_negative_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GuardConfig.builder().maxTtl(Duration.ofMillis(-5)))
                .withMessage("maxTtl must be at least 1 ms, but was PT-0.005S");
    }

    @Test
    void minTtl_zero_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GuardConfig.builder().minTtl(Duration.ZERO))
                .withMessage("minTtl must be at least 1 ms, but was PT0S");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.5, 1.0, Double.NaN})
    void jitter_outsideZeroToOne_failsWithMessage(double jitter) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GuardConfig.builder().jitter(jitter))
                .withMessage("jitter must be at least 0 and below 1, but was " + jitter);
    }

    @Test
    void maxValueSize_zero_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GuardConfig.builder().maxValueSize(DataSize.ofBytes(0)))
                .withMessage("maxValueSize must be between 1B and 512MB, but was 0B");
    }

    @Test
    void maxDecodedSize_aboveRedisLimit_failsWithMessage() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> GuardConfig.builder().maxDecodedSize(DataSize.parse("1GB")))
                .withMessage("maxDecodedSize must be between 1B and 512MB, but was 1GB");
    }

    @Test
    void build_defaultAboveMax_fails() {
        assertConflict(
                GuardConfig.builder().maxTtl(Duration.ofHours(1)),
                "defaultTtl",
                "defaultTtl must be at most maxTtl (PT1H), but was PT24H");
    }

    @Test
    void build_defaultBelowMin_fails() {
        assertConflict(
                GuardConfig.builder().defaultTtl(Duration.ofSeconds(30)).minTtl(Duration.ofMinutes(1)),
                "defaultTtl",
                "defaultTtl must be at least minTtl (PT1M), but was PT30S");
    }

    @Test
    void build_minAboveMax_failsOnMinTtl() {
        assertConflict(
                GuardConfig.builder()
                        .defaultTtl(Duration.ofHours(1))
                        .minTtl(Duration.ofHours(2))
                        .maxTtl(Duration.ofMinutes(30)),
                "minTtl",
                "minTtl must be at most maxTtl (PT30M), but was PT2H");
    }

    @Test
    void build_ruleMinAboveMax_failsOnTheRulesMinTtl() {
        assertConflict(
                GuardConfig.builder()
                        .rule(KeyRule.builder("a*")
                                .defaultTtl(Duration.ofMinutes(40))
                                .minTtl(Duration.ofHours(2))
                                .maxTtl(Duration.ofMinutes(30))
                                .build()),
                "rules[a*].minTtl",
                "rules[a*].minTtl must be at most maxTtl (PT30M), but was PT2H");
    }

    @Test
    void build_ruleMaxBelowInheritedMin_failsOnTheRulesMinTtl() {
        assertConflict(
                GuardConfig.builder()
                        .defaultTtl(Duration.ofMinutes(10))
                        .minTtl(Duration.ofMinutes(5))
                        .rule(KeyRule.builder("a*")
                                .name("short")
                                .maxTtl(Duration.ofMinutes(1))
                                .build()),
                "rules[short].minTtl",
                "rules[short].minTtl must be at most maxTtl (PT1M), but was PT5M");
    }

    @Test
    void build_ruleDefaultAboveItsMax_fails() {
        assertConflict(
                GuardConfig.builder()
                        .rule(KeyRule.builder("session:*")
                                .name("sessions")
                                .defaultTtl(Duration.ofHours(2))
                                .maxTtl(Duration.ofHours(1))
                                .build()),
                "rules[sessions].defaultTtl",
                "rules[sessions].defaultTtl must be at most maxTtl (PT1H), but was PT2H");
    }

    @Test
    void build_ruleDefaultAboveInheritedMax_fails() {
        assertConflict(
                GuardConfig.builder()
                        .defaultTtl(Duration.ofHours(1))
                        .maxTtl(Duration.ofHours(6))
                        .rule(KeyRule.builder("long:*")
                                .defaultTtl(Duration.ofDays(1))
                                .build()),
                "rules[long:*].defaultTtl",
                "rules[long:*].defaultTtl must be at most maxTtl (PT6H), but was PT24H");
    }

    @Test
    void build_inheritedDefaultAboveRuleMax_fails() {
        assertConflict(
                GuardConfig.builder()
                        .rule(KeyRule.builder("short:*")
                                .maxTtl(Duration.ofMinutes(5))
                                .build()),
                "rules[short:*].defaultTtl",
                "rules[short:*].defaultTtl must be at most maxTtl (PT5M), but was PT24H");
    }

    @Test
    void build_ruleDefaultBelowInheritedMin_fails() {
        assertConflict(
                GuardConfig.builder()
                        .minTtl(Duration.ofMinutes(1))
                        .rule(KeyRule.builder("tiny:*")
                                .defaultTtl(Duration.ofSeconds(1))
                                .build()),
                "rules[tiny:*].defaultTtl",
                "rules[tiny:*].defaultTtl must be at least minTtl (PT1M), but was PT1S");
    }

    @Test
    void build_persistentRule_isNotCheckedAgainstInheritedTtls() {
        GuardConfig config = GuardConfig.builder()
                .defaultTtl(Duration.ofHours(1))
                .maxTtl(Duration.ofHours(1))
                .rule(KeyRule.persistent("config:*"))
                .build();

        assertThat(config.rules()).hasSize(1);
    }

    @Test
    void build_ruleNamedDefault_fails() {
        assertConflict(
                GuardConfig.builder().rule(KeyRule.builder("x*").name("default").build()),
                "rules[default].name",
                "rules[default].name must not be 'default' (it names the keys no rule matches), but was 'default'");
    }

    @Test
    void build_duplicateRuleNames_fails() {
        assertConflict(
                GuardConfig.builder()
                        .rule(KeyRule.builder("a*").name("cache").build())
                        .rule(KeyRule.builder("b*").name("cache").build()),
                "rules[cache].name",
                "rules[cache].name must be unique among the rules, but was 'cache' twice");
    }

    @Test
    void build_duplicatePatterns_fails() {
        assertConflict(
                GuardConfig.builder()
                        .rule(KeyRule.builder("cache:*").name("first").build())
                        .rule(KeyRule.builder("cache:*").name("second").build()),
                "rules[second].pattern",
                "rules[second].pattern must differ from the pattern of earlier rule 'first'"
                        + " (this rule would never match), but was 'cache:*'");
    }

    @Test
    void build_maxValueSizeAboveMaxDecodedSize_fails() {
        assertConflict(
                GuardConfig.builder().maxDecodedSize(DataSize.ofMegabytes(1)),
                "maxValueSize",
                "maxValueSize must be at most maxDecodedSize (1MB), so that every value written can be read back,"
                        + " but was 8MB");
    }

    @Test
    void build_compressingRuleAllowingValuesAboveMaxDecodedSize_fails() {
        assertConflict(
                GuardConfig.builder()
                        .maxDecodedSize(DataSize.ofMegabytes(16))
                        .rule(KeyRule.builder("blob:*")
                                .name("blobs")
                                .compression(Compression.lz4(DataSize.ofKilobytes(1)))
                                .maxValueSize(DataSize.ofMegabytes(32))
                                .build()),
                "rules[blobs].maxValueSize",
                "rules[blobs].maxValueSize must be at most maxDecodedSize (16MB), so that every value written can be"
                        + " read back, but was 32MB");
    }

    @Test
    void build_maxValueSizeEqualToMaxDecodedSize_isAccepted() {
        GuardConfig config = GuardConfig.builder()
                .maxDecodedSize(DataSize.ofMegabytes(8))
                .maxValueSize(DataSize.ofMegabytes(8))
                .build();

        assertThat(config.maxValueSize()).isEqualTo(config.maxDecodedSize());
    }

    @Test
    void build_persistentRuleWithTtlSettings_failsWhenTheRuleIsBuilt() {
        KeyRule.Builder rule = KeyRule.builder("config:*").persistent(true).defaultTtl(Duration.ofHours(1));

        assertThatThrownBy(rule::build)
                .isInstanceOf(GuardConfigurationException.class)
                .hasMessage("rules[config:*].persistent must not be combined with TTL settings,"
                        + " but the rule also sets defaultTtl");
    }

    @Test
    void builder_nullArguments_failWithTheirName() {
        GuardConfig.Builder builder = GuardConfig.builder();

        assertThatThrownBy(() -> builder.rule(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("rule");
        assertThatThrownBy(() -> builder.defaultTtl(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("defaultTtl");
        assertThatThrownBy(() -> builder.onMissingTtl(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("onMissingTtl");
    }
}
