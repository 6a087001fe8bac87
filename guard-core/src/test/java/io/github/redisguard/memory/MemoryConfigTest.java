/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.GuardConfigurationException;
import io.github.redisguard.KeyRule;
import io.github.redisguard.internal.ResolvedRule;
import io.github.redisguard.internal.RuleFixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemoryConfigTest {

    /** A configuration with every setting away from its default. */
    static MemoryConfig everyField() {
        return MemoryConfig.builder()
                .enabled(false)
                .shedClasses(List.of(ShedClass.of("bulk", 0.70), ShedClass.of("vip", 0.99)))
                .defaultShedClass("bulk")
                .hysteresis(0.05)
                .sampleInterval(Duration.ofMillis(50), Duration.ofSeconds(2))
                .sampleTimeout(Duration.ofMillis(500))
                .overheadFactor(2.0)
                .writeOverhead(DataSize.ofBytes(128))
                .sampleTrigger(0.01)
                .limit(DataSize.ofMegabytes(2048))
                .systemMemoryShare(0.5)
                .failMode(FailMode.CLOSED)
                .build();
    }

    private static void assertConflict(MemoryConfig.Builder builder, String setting, String message) {
        assertThatThrownBy(builder::build)
                .isInstanceOf(GuardConfigurationException.class)
                .hasMessage(message)
                .satisfies(e ->
                        assertThat(((GuardConfigurationException) e).setting()).isEqualTo(setting));
    }

    @Nested
    class Defaults {

        @Test
        void defaultConstants_haveTheDocumentedValues() {
            assertThat(MemoryConfig.DEFAULT_SHED_CLASSES)
                    .containsExactly(
                            ShedClass.of("low", 0.85), ShedClass.of("normal", 0.92), ShedClass.of("critical", 0.97));
            assertThat(MemoryConfig.DEFAULT_SHED_CLASS).isEqualTo("normal");
            assertThat(MemoryConfig.DEFAULT_HYSTERESIS).isEqualTo(0.03);
            assertThat(MemoryConfig.DEFAULT_MIN_SAMPLE_INTERVAL).isEqualTo(Duration.ofMillis(20));
            assertThat(MemoryConfig.DEFAULT_MAX_SAMPLE_INTERVAL).isEqualTo(Duration.ofSeconds(1));
            assertThat(MemoryConfig.DEFAULT_SAMPLE_TIMEOUT).isEqualTo(Duration.ofSeconds(1));
            assertThat(MemoryConfig.DEFAULT_OVERHEAD_FACTOR).isEqualTo(1.25);
            assertThat(MemoryConfig.DEFAULT_WRITE_OVERHEAD).isEqualTo(DataSize.ofBytes(96));
            assertThat(MemoryConfig.DEFAULT_SAMPLE_TRIGGER).isEqualTo(0.005);
            assertThat(MemoryConfig.DEFAULT_SYSTEM_MEMORY_SHARE).isEqualTo(0.75);
            assertThat(MemoryConfig.DEFAULT_FAIL_MODE).isEqualTo(FailMode.OPEN);
            assertThat(MemoryConfig.MAX_SHED_CLASSES).isEqualTo(31);
        }

        @Test
        void defaults_holdEveryDefaultConstant_enabled_andNoLimit() {
            MemoryConfig config = MemoryConfig.defaults();

            assertThat(config.enabled()).isTrue();
            assertThat(config.shedClasses()).isEqualTo(MemoryConfig.DEFAULT_SHED_CLASSES);
            assertThat(config.defaultShedClass()).isEqualTo(MemoryConfig.DEFAULT_SHED_CLASS);
            assertThat(config.hysteresis()).isEqualTo(MemoryConfig.DEFAULT_HYSTERESIS);
            assertThat(config.minSampleInterval()).isEqualTo(MemoryConfig.DEFAULT_MIN_SAMPLE_INTERVAL);
            assertThat(config.maxSampleInterval()).isEqualTo(MemoryConfig.DEFAULT_MAX_SAMPLE_INTERVAL);
            assertThat(config.sampleTimeout()).isEqualTo(MemoryConfig.DEFAULT_SAMPLE_TIMEOUT);
            assertThat(config.overheadFactor()).isEqualTo(MemoryConfig.DEFAULT_OVERHEAD_FACTOR);
            assertThat(config.writeOverhead()).isEqualTo(MemoryConfig.DEFAULT_WRITE_OVERHEAD);
            assertThat(config.sampleTrigger()).isEqualTo(MemoryConfig.DEFAULT_SAMPLE_TRIGGER);
            assertThat(config.limit()).isEmpty();
            assertThat(config.systemMemoryShare()).isEqualTo(MemoryConfig.DEFAULT_SYSTEM_MEMORY_SHARE);
            assertThat(config.failMode()).isEqualTo(MemoryConfig.DEFAULT_FAIL_MODE);
        }

        @Test
        void disabled_isTheDefaultsSwitchedOff() {
            MemoryConfig disabled = MemoryConfig.disabled();

            assertThat(disabled.enabled()).isFalse();
            assertThat(disabled.toBuilder().enabled(true).build()).isEqualTo(MemoryConfig.defaults());
        }

        @Test
        void guardConfig_defaultsToTheMemoryDefaults() {
            assertThat(GuardConfig.defaults().memory()).isSameAs(MemoryConfig.defaults());
        }
    }

    @Nested
    class Building {

        @Test
        void nothingSet_equalsDefaults() {
            assertThat(MemoryConfig.builder().build())
                    .isEqualTo(MemoryConfig.defaults())
                    .hasSameHashCodeAs(MemoryConfig.defaults());
        }

        @Test
        void everyFieldSet_returnsEachSetting() {
            MemoryConfig config = everyField();

            assertThat(config.enabled()).isFalse();
            assertThat(config.shedClasses()).containsExactly(ShedClass.of("bulk", 0.70), ShedClass.of("vip", 0.99));
            assertThat(config.defaultShedClass()).isEqualTo("bulk");
            assertThat(config.hysteresis()).isEqualTo(0.05);
            assertThat(config.minSampleInterval()).isEqualTo(Duration.ofMillis(50));
            assertThat(config.maxSampleInterval()).isEqualTo(Duration.ofSeconds(2));
            assertThat(config.sampleTimeout()).isEqualTo(Duration.ofMillis(500));
            assertThat(config.overheadFactor()).isEqualTo(2.0);
            assertThat(config.writeOverhead()).isEqualTo(DataSize.ofBytes(128));
            assertThat(config.sampleTrigger()).isEqualTo(0.01);
            assertThat(config.limit()).contains(DataSize.ofMegabytes(2048));
            assertThat(config.systemMemoryShare()).isEqualTo(0.5);
            assertThat(config.failMode()).isEqualTo(FailMode.CLOSED);
        }

        @Test
        void toBuilder_everyFieldSet_buildsAnEqualConfig() {
            MemoryConfig config = everyField();

            MemoryConfig copy = config.toBuilder().build();

            assertThat(copy).isEqualTo(config).hasSameHashCodeAs(config).isNotSameAs(config);
            assertThat(copy).hasToString(config.toString());
        }

        @Test
        void toString_namesEverySetting() {
            assertThat(everyField().toString())
                    .isEqualTo("MemoryConfig{enabled=false, shedClasses=[bulk@0.7, vip@0.99], defaultShedClass=bulk,"
                            + " hysteresis=0.05, sampleInterval=PT0.05S..PT2S, sampleTimeout=PT0.5S,"
                            + " overheadFactor=2.0, writeOverhead=128B, sampleTrigger=0.01, limit=2GB, systemMemoryShare=0.5,"
                            + " failMode=CLOSED}");
        }

        static Stream<Arguments> oneFieldChanged() {
            Map<String, UnaryOperator<MemoryConfig.Builder>> changes = new LinkedHashMap<>();
            changes.put("enabled", b -> b.enabled(true));
            changes.put(
                    "shedClasses", b -> b.shedClasses(List.of(ShedClass.of("bulk", 0.71), ShedClass.of("vip", 0.99))));
            changes.put(
                    "shedClasses reordered",
                    b -> b.shedClasses(List.of(ShedClass.of("vip", 0.99), ShedClass.of("bulk", 0.70))));
            changes.put("defaultShedClass", b -> b.defaultShedClass("vip"));
            changes.put("hysteresis", b -> b.hysteresis(0.06));
            changes.put("min interval", b -> b.sampleInterval(Duration.ofMillis(51), Duration.ofSeconds(2)));
            changes.put("max interval", b -> b.sampleInterval(Duration.ofMillis(50), Duration.ofSeconds(3)));
            changes.put("sampleTimeout", b -> b.sampleTimeout(Duration.ofMillis(501)));
            changes.put("overheadFactor", b -> b.overheadFactor(2.5));
            changes.put("writeOverhead", b -> b.writeOverhead(DataSize.ofBytes(129)));
            changes.put("sampleTrigger", b -> b.sampleTrigger(0.02));
            changes.put("limit", b -> b.limit(DataSize.ofMegabytes(3072)));
            changes.put("limit unset", b -> b.limit(null));
            changes.put("systemMemoryShare", b -> b.systemMemoryShare(0.6));
            changes.put("failMode", b -> b.failMode(FailMode.OPEN));
            return changes.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
        }

        /** Catches a field that equals() ignores, and with toBuilder_everyFieldSet one that toBuilder() forgets. */
        @ParameterizedTest(name = "{0}")
        @MethodSource("oneFieldChanged")
        void equals_configsDifferingInOneField_areNotEqual(String field, UnaryOperator<MemoryConfig.Builder> change) {
            MemoryConfig config = everyField();

            MemoryConfig changed = change.apply(config.toBuilder()).build();

            assertThat(changed).as(field).isNotEqualTo(config);
            assertThat(change.apply(config.toBuilder()).build()).as(field).isEqualTo(changed);
        }

        @Test
        void shedClasses_areCopied_unmodifiable_andKeepTheirOrder() {
            List<ShedClass> given = new ArrayList<>(List.of(ShedClass.of("vip", 0.99), ShedClass.of("normal", 0.9)));
            MemoryConfig.Builder builder = MemoryConfig.builder().shedClasses(given);
            given.clear();

            MemoryConfig config = builder.build();

            assertThat(config.shedClasses()).extracting(ShedClass::name).containsExactly("vip", "normal");
            assertThatThrownBy(() -> config.shedClasses().add(ShedClass.of("x", 0.5)))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void shedClass_findsAClassByName() {
            assertThat(MemoryConfig.defaults().shedClass("critical")).contains(ShedClass.of("critical", 0.97));
            assertThat(MemoryConfig.defaults().shedClass("Critical")).isEmpty();
        }

        @Test
        void limit_null_clearsIt() {
            assertThat(everyField().toBuilder().limit(null).build().limit()).isEmpty();
        }

        @Test
        void nullArguments_failWithTheirName() {
            MemoryConfig.Builder builder = MemoryConfig.builder();

            assertThatNullPointerException()
                    .isThrownBy(() -> builder.shedClasses(null))
                    .withMessage("shedClasses");
            assertThatNullPointerException()
                    .isThrownBy(() -> builder.shedClasses(Arrays.asList(ShedClass.of("a", 0.5), null)))
                    .withMessage("shedClass");
            assertThatNullPointerException()
                    .isThrownBy(() -> builder.defaultShedClass(null))
                    .withMessage("defaultShedClass");
            assertThatNullPointerException()
                    .isThrownBy(() -> builder.sampleInterval(null, Duration.ofSeconds(1)))
                    .withMessage("min");
            assertThatNullPointerException()
                    .isThrownBy(() -> builder.sampleInterval(Duration.ofSeconds(1), null))
                    .withMessage("max");
            assertThatNullPointerException()
                    .isThrownBy(() -> builder.sampleTimeout(null))
                    .withMessage("sampleTimeout");
            assertThatNullPointerException()
                    .isThrownBy(() -> builder.failMode(null))
                    .withMessage("failMode");
        }
    }

    @Nested
    class Setters {

        @ParameterizedTest
        @ValueSource(doubles = {-0.01, 0.5, 0.7, Double.NaN})
        void hysteresis_outsideZeroToHalf_fails(double hysteresis) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MemoryConfig.builder().hysteresis(hysteresis))
                    .withMessage("hysteresis must be at least 0 and below 0.5, but was " + hysteresis);
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.0, 0.49})
        void hysteresis_atTheEnds_isAccepted(double hysteresis) {
            assertThat(MemoryConfig.builder().hysteresis(hysteresis).build().hysteresis())
                    .isEqualTo(hysteresis);
        }

        @Test
        void sampleInterval_minAboveMax_fails() {
            assertThatIllegalArgumentException()
                    .isThrownBy(
                            () -> MemoryConfig.builder().sampleInterval(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                    .withMessage("sampleInterval must be at least 1 ms with min <= max, but was PT2S..PT1S");
        }

        @Test
        void sampleInterval_belowOneMillisecond_fails() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() ->
                            MemoryConfig.builder().sampleInterval(Duration.ofNanos(500_000), Duration.ofSeconds(1)))
                    .withMessage("sampleInterval must be at least 1 ms with min <= max, but was PT0.0005S..PT1S");
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MemoryConfig.builder().sampleInterval(Duration.ZERO, Duration.ZERO))
                    .withMessage("sampleInterval must be at least 1 ms with min <= max, but was PT0S..PT0S");
        }

        @Test
        void sampleInterval_minEqualToMax_isAccepted() {
            MemoryConfig config = MemoryConfig.builder()
                    .sampleInterval(Duration.ofMillis(100), Duration.ofMillis(100))
                    .build();

            assertThat(config.minSampleInterval()).isEqualTo(config.maxSampleInterval());
        }

        @Test
        void sampleTimeout_belowOneMillisecond_fails() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MemoryConfig.builder().sampleTimeout(Duration.ZERO))
                    .withMessage("sampleTimeout must be at least 1 ms, but was PT0S");
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.0, 0.99, 10.01, Double.NaN, Double.POSITIVE_INFINITY})
        void overheadFactor_outsideOneToTen_fails(double factor) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MemoryConfig.builder().overheadFactor(factor))
                    .withMessage("overheadFactor must be between 1 and 10, but was " + factor);
        }

        @Test
        void writeOverhead_aboveSixtyFourKilobytes_fails_zeroAndTheLimitAreAccepted() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MemoryConfig.builder().writeOverhead(DataSize.ofBytes(64 * 1024 + 1)))
                    .withMessage("writeOverhead must be at most 64 KB, but was 65537B");
            assertThat(MemoryConfig.builder()
                            .writeOverhead(DataSize.ofBytes(0))
                            .build()
                            .writeOverhead()
                            .toBytes())
                    .isZero();
            assertThat(MemoryConfig.builder()
                            .writeOverhead(DataSize.ofKilobytes(64))
                            .build()
                            .writeOverhead())
                    .isEqualTo(DataSize.ofKilobytes(64));
            assertThatNullPointerException()
                    .isThrownBy(() -> MemoryConfig.builder().writeOverhead(null));
        }

        @ParameterizedTest
        @ValueSource(doubles = {1.0, 10.0})
        void overheadFactor_atTheEnds_isAccepted(double factor) {
            assertThat(MemoryConfig.builder().overheadFactor(factor).build().overheadFactor())
                    .isEqualTo(factor);
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.0, -0.005, 0.1001, Double.NaN})
        void sampleTrigger_outsideZeroToATenth_fails(double share) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MemoryConfig.builder().sampleTrigger(share))
                    .withMessage("sampleTrigger must be above 0 and at most 0.1, but was " + share);
        }

        @Test
        void limit_belowOneMegabyte_fails() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MemoryConfig.builder().limit(DataSize.ofKilobytes(1023)))
                    .withMessage("limit must be at least 1MB, but was 1023KB");
            assertThat(MemoryConfig.builder()
                            .limit(DataSize.ofMegabytes(1))
                            .build()
                            .limit())
                    .contains(DataSize.ofMegabytes(1));
        }

        @ParameterizedTest
        @ValueSource(doubles = {0.0, -0.5, 1.01, Double.NaN})
        void systemMemoryShare_outsideZeroToOne_fails(double share) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> MemoryConfig.builder().systemMemoryShare(share))
                    .withMessage("systemMemoryShare must be above 0 and at most 1, but was " + share);
        }

        @Test
        void systemMemoryShare_ofOne_isAccepted() {
            assertThat(MemoryConfig.builder().systemMemoryShare(1.0).build().systemMemoryShare())
                    .isEqualTo(1.0);
        }
    }

    @Nested
    class ShedClasses {

        @ParameterizedTest
        @ValueSource(doubles = {0.0, -0.1, 1.0001, Double.NaN})
        void threshold_outsideZeroToOne_fails(double threshold) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> ShedClass.of("bulk", threshold))
                    .withMessage("shedClasses[bulk].threshold must be above 0 and at most 1, but was " + threshold);
        }

        @Test
        void threshold_ofOne_isAccepted() {
            assertThat(ShedClass.of("last", 1.0).threshold()).isEqualTo(1.0);
        }

        @Test
        void name_blankOrNull_fails() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> ShedClass.of(" ", 0.5))
                    .withMessage("shedClass.name must not be blank, but was ' '");
            assertThatNullPointerException()
                    .isThrownBy(() -> ShedClass.of(null, 0.5))
                    .withMessage("name");
        }

        @Test
        void equalsHashCodeAndToString_coverNameAndThreshold() {
            assertThat(ShedClass.of("low", 0.85))
                    .isEqualTo(ShedClass.of("low", 0.85))
                    .hasSameHashCodeAs(ShedClass.of("low", 0.85))
                    .isNotEqualTo(ShedClass.of("low", 0.86))
                    .isNotEqualTo(ShedClass.of("Low", 0.85))
                    .hasToString("low@0.85");
        }

        @Test
        void build_noClasses_fails() {
            assertConflict(
                    MemoryConfig.builder().shedClasses(List.of()),
                    "memory.shedClasses",
                    "memory.shedClasses must not be empty, but was []");
        }

        @Test
        void build_twoClassesOfOneName_fails() {
            assertConflict(
                    MemoryConfig.builder()
                            .shedClasses(List.of(
                                    ShedClass.of("low", 0.85), ShedClass.of("normal", 0.92), ShedClass.of("low", 0.9))),
                    "memory.shedClasses",
                    "memory.shedClasses must have unique names, but had 'low' twice");
        }

        @Test
        void build_defaultClassNotAmongTheClasses_failsListingThemInOrder() {
            assertConflict(
                    MemoryConfig.builder().defaultShedClass("bulk"),
                    "memory.defaultShedClass",
                    "memory.defaultShedClass must name one of the shed classes [low, normal, critical], but was 'bulk'");
        }

        @Test
        void build_classesReplacedWithoutTheirDefault_failsOnTheDefault() {
            assertConflict(
                    MemoryConfig.builder().shedClasses(List.of(ShedClass.of("bulk", 0.8), ShedClass.of("vip", 0.95))),
                    "memory.defaultShedClass",
                    "memory.defaultShedClass must name one of the shed classes [bulk, vip], but was 'normal'");
        }

        @Test
        void build_classesInAnyOrder_areAccepted_asGiven() {
            MemoryConfig config = MemoryConfig.builder()
                    .shedClasses(List.of(
                            ShedClass.of("critical", 0.97), ShedClass.of("normal", 0.92), ShedClass.of("low", 0.85)))
                    .build();

            assertThat(config.shedClasses()).extracting(ShedClass::name).containsExactly("critical", "normal", "low");
        }

        @Test
        void build_31Classes_isAccepted_32Fail() {
            List<ShedClass> classes = IntStream.rangeClosed(1, 32)
                    .mapToObj(i -> ShedClass.of("c" + i, 0.5 + i / 100.0))
                    .collect(Collectors.toList());

            assertThat(MemoryConfig.builder()
                            .shedClasses(classes.subList(0, 31))
                            .defaultShedClass("c1")
                            .build()
                            .shedClasses())
                    .hasSize(31);
            assertConflict(
                    MemoryConfig.builder().shedClasses(classes).defaultShedClass("c1"),
                    "memory.shedClasses",
                    "memory.shedClasses must be at most 31, but were 32");
        }

        @Test
        void build_hysteresisNotBelowTheLowestThreshold_fails_whicheverIsSetFirst() {
            String message = "memory.hysteresis must be below the lowest shed class threshold (0.1, class 'tiny'),"
                    + " so that the class can close again, but was 0.1";

            assertConflict(
                    MemoryConfig.builder()
                            .hysteresis(0.1)
                            .shedClasses(List.of(ShedClass.of("normal", 0.92), ShedClass.of("tiny", 0.1))),
                    "memory.hysteresis",
                    message);
            assertConflict(
                    MemoryConfig.builder()
                            .shedClasses(List.of(ShedClass.of("normal", 0.92), ShedClass.of("tiny", 0.1)))
                            .hysteresis(0.1),
                    "memory.hysteresis",
                    message);
        }

        @Test
        void build_hysteresisJustBelowTheLowestThreshold_isAccepted() {
            MemoryConfig config = MemoryConfig.builder()
                    .shedClasses(List.of(ShedClass.of("normal", 0.92), ShedClass.of("tiny", 0.1)))
                    .hysteresis(0.09)
                    .build();

            assertThat(config.hysteresis()).isEqualTo(0.09);
        }
    }

    /** What {@link GuardConfig} checks about the memory settings its rules refer to. */
    @Nested
    class InGuardConfig {

        @Test
        void ruleNamingAnUnknownClass_failsNamingTheRulesSetting() {
            GuardConfig.Builder builder = GuardConfig.builder()
                    .rule(KeyRule.builder("bulk:*")
                            .name("bulk")
                            .shedClass("bulk")
                            .build());

            assertThatThrownBy(builder::build)
                    .isInstanceOfSatisfying(GuardConfigurationException.class, e -> assertThat(e.setting())
                            .isEqualTo("rules[bulk].shedClass"))
                    .hasMessage("rules[bulk].shedClass must name one of memory.shedClasses"
                            + " [low@0.85, normal@0.92, critical@0.97], but was 'bulk'");
        }

        @Test
        void ruleNamingAClassOfTheMemorySettings_isAccepted_whicheverIsSetFirst() {
            MemoryConfig memory = MemoryConfig.builder()
                    .shedClasses(List.of(ShedClass.of("bulk", 0.8), ShedClass.of("normal", 0.92)))
                    .build();
            KeyRule rule = KeyRule.builder("bulk:*").shedClass("bulk").build();

            assertThat(GuardConfig.builder().rule(rule).memory(memory).build().rules())
                    .containsExactly(rule);
            assertThat(GuardConfig.builder().memory(memory).rule(rule).build().rules())
                    .containsExactly(rule);
        }

        @Test
        void ruleNamingAClassThatTheNewMemorySettingsDropped_fails() {
            GuardConfig config = GuardConfig.builder()
                    .rule(KeyRule.builder("cache:*").shedClass("low").build())
                    .build();
            MemoryConfig withoutLow = MemoryConfig.builder()
                    .shedClasses(List.of(ShedClass.of("normal", 0.92)))
                    .build();

            assertThatThrownBy(() -> config.toBuilder().memory(withoutLow).build())
                    .isInstanceOf(GuardConfigurationException.class)
                    .hasMessage(
                            "rules[cache:*].shedClass must name one of memory.shedClasses [normal@0.92], but was 'low'");
        }

        @Test
        void ruleNamingAnUnknownClass_failsEvenWithTheBreakerDisabled() {
            GuardConfig.Builder builder = GuardConfig.builder()
                    .memory(MemoryConfig.disabled())
                    .rule(KeyRule.builder("bulk:*").shedClass("bulk").build());

            assertThatThrownBy(builder::build).isInstanceOf(GuardConfigurationException.class);
        }

        @Test
        void keyRule_blankShedClass_failsAtOnce() {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> KeyRule.builder("a*").shedClass(" "))
                    .withMessage("shedClass must not be blank, but was ' '");
            assertThatNullPointerException()
                    .isThrownBy(() -> KeyRule.builder("a*").onShed(null))
                    .withMessage("onShed");
        }

        @Test
        void rulesWithoutAClassOrAction_getTheDefaultClass_andThrow() {
            GuardConfig config = GuardConfig.builder()
                    .memory(MemoryConfig.builder().defaultShedClass("low").build())
                    .rule(KeyRule.builder("plain:*").name("plain").build())
                    .rule(KeyRule.builder("cache:*")
                            .name("cache")
                            .shedClass("critical")
                            .onShed(ShedAction.DROP)
                            .build())
                    .build();

            List<ResolvedRule> rules = RuleFixtures.rules(config);

            assertThat(rules).extracting(ResolvedRule::name).containsExactly("plain", "cache", "default");
            assertThat(rules).extracting(ResolvedRule::shedClass).containsExactly("low", "critical", "low");
            assertThat(rules)
                    .extracting(ResolvedRule::onShed)
                    .containsExactly(ShedAction.THROW, ShedAction.DROP, ShedAction.THROW);
        }

        @Test
        void keyRule_shedSettings_takePartInEqualsAndToString() {
            KeyRule plain = KeyRule.builder("cache:*").build();
            KeyRule shed =
                    plain.toBuilder().shedClass("low").onShed(ShedAction.DROP).build();

            assertThat(shed).isNotEqualTo(plain).isEqualTo(shed.toBuilder().build());
            assertThat(shed.toBuilder().onShed(ShedAction.THROW).build()).isNotEqualTo(shed);
            assertThat(shed.shedClass()).contains("low");
            assertThat(shed.onShed()).contains(ShedAction.DROP);
            assertThat(plain.shedClass()).isEmpty();
            assertThat(plain.onShed()).isEmpty();
            assertThat(shed).hasToString("KeyRule{name=cache:*, pattern=cache:*, shedClass=low, onShed=DROP}");
        }

        @Test
        void guardConfig_memorySettings_takePartInEqualsAndToBuilder() {
            GuardConfig config = GuardConfig.builder().memory(everyField()).build();

            assertThat(config).isNotEqualTo(GuardConfig.defaults());
            assertThat(config.toBuilder().build()).isEqualTo(config).hasSameHashCodeAs(config);
            assertThat(config.toBuilder().build().memory()).isEqualTo(everyField());
            assertThat(config.toString()).contains("memory=MemoryConfig{enabled=false");
        }
    }
}
