/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

public class LocalTierConfigTest {

    /** A configuration with every setting away from its default. */
    public static LocalTierConfig everyField() {
        return LocalTierConfig.builder()
                .enabled(true)
                .patterns(List.of("product:*", "catalog:*"))
                .maximumEntries(500L)
                .maximumWeight(DataSize.ofMegabytes(16))
                .maxStaleness(Duration.ofSeconds(5))
                .staleIfError(Duration.ofMinutes(2))
                .build();
    }

    private static void assertConflict(LocalTierConfig.Builder builder, String setting, String message) {
        assertThatThrownBy(builder::build)
                .isInstanceOf(GuardConfigurationException.class)
                .hasMessage(message)
                .satisfies(e ->
                        assertThat(((GuardConfigurationException) e).setting()).isEqualTo(setting));
    }

    @Test
    void defaultConstants_haveTheDocumentedValues() {
        assertThat(LocalTierConfig.DEFAULT_ENABLED).isFalse();
        assertThat(LocalTierConfig.DEFAULT_MAXIMUM_ENTRIES).isEqualTo(10_000);
        assertThat(LocalTierConfig.DEFAULT_MAX_STALENESS).isEqualTo(Duration.ofSeconds(30));
        assertThat(LocalTierConfig.DEFAULT_STALE_IF_ERROR).isEqualTo(Duration.ZERO);
    }

    @Test
    void defaults_holdEveryDefaultConstant() {
        LocalTierConfig config = LocalTierConfig.defaults();

        assertThat(config.enabled()).isFalse();
        assertThat(config.patterns()).isEmpty();
        assertThat(config.maximumEntries()).hasValue(LocalTierConfig.DEFAULT_MAXIMUM_ENTRIES);
        assertThat(config.maximumWeight()).isEmpty();
        assertThat(config.maxStaleness()).isEqualTo(LocalTierConfig.DEFAULT_MAX_STALENESS);
        assertThat(config.staleIfError()).isEqualTo(LocalTierConfig.DEFAULT_STALE_IF_ERROR);
        assertThat(LocalTierConfig.builder().build()).isEqualTo(config).hasSameHashCodeAs(config);
    }

    @Test
    void everyFieldSet_returnsEachSetting() {
        LocalTierConfig config = everyField();

        assertThat(config.enabled()).isTrue();
        assertThat(config.patterns()).containsExactly("product:*", "catalog:*");
        assertThat(config.prefixes()).containsExactly("product:", "catalog:");
        assertThat(config.maximumEntries()).hasValue(500);
        assertThat(config.maximumWeight()).contains(DataSize.ofMegabytes(16));
        assertThat(config.maxStaleness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.staleIfError()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void toBuilder_everyFieldSet_buildsAnEqualConfig() {
        LocalTierConfig config = everyField();

        LocalTierConfig copy = config.toBuilder().build();

        assertThat(copy).isEqualTo(config).hasSameHashCodeAs(config).isNotSameAs(config);
        assertThat(copy).hasToString(config.toString());
        assertThat(LocalTierConfig.defaults().toBuilder().build()).isEqualTo(LocalTierConfig.defaults());
    }

    static Stream<Arguments> oneFieldChanged() {
        Map<String, UnaryOperator<LocalTierConfig.Builder>> changes = new LinkedHashMap<>();
        changes.put("enabled", b -> b.enabled(false));
        changes.put("patterns", b -> b.patterns(List.of("product:*")));
        changes.put("patterns reordered", b -> b.patterns(List.of("catalog:*", "product:*")));
        changes.put("one pattern more", b -> b.pattern("user:*"));
        changes.put("maximumEntries", b -> b.maximumEntries(501L));
        changes.put("maximumEntries unset", b -> b.maximumEntries(null));
        changes.put("maximumWeight", b -> b.maximumWeight(DataSize.ofMegabytes(17)));
        changes.put("maximumWeight unset", b -> b.maximumWeight(null));
        changes.put("maxStaleness", b -> b.maxStaleness(Duration.ofSeconds(6)));
        changes.put("staleIfError", b -> b.staleIfError(Duration.ZERO));
        return changes.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /** Catches a field that equals() ignores, and with toBuilder_everyFieldSet one that toBuilder() forgets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oneFieldChanged")
    void equals_configsDifferingInOneField_areNotEqual(String field, UnaryOperator<LocalTierConfig.Builder> change) {
        LocalTierConfig config = everyField();

        LocalTierConfig changed = change.apply(config.toBuilder()).build();

        assertThat(changed).as(field).isNotEqualTo(config);
        assertThat(change.apply(config.toBuilder()).build()).as(field).isEqualTo(changed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"product", "product:?*", "pro*duct:*", "[ab]:*", "a\\*b*", ""})
    void pattern_notALiteralPrefix_isRejected(String pattern) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LocalTierConfig.builder().pattern(pattern))
                .withMessage("local.patterns[0] must be a literal prefix followed by '*' (such as 'product:*'),"
                        + " because the server tracks prefixes, but was '" + pattern + "'");
    }

    @Test
    void pattern_starAlone_meansEveryKey() {
        LocalTierConfig config =
                LocalTierConfig.builder().enabled(true).pattern("*").build();

        assertThat(config.prefixes()).containsExactly("");
    }

    @Test
    void patterns_overlapping_areAConflict() {
        assertConflict(
                LocalTierConfig.builder().enabled(true).patterns(List.of("product:*", "product:1*")),
                "local.patterns",
                "local.patterns must not overlap (the server tracks each prefix once), but 'product:1*' overlaps"
                        + " 'product:*'");
        assertConflict(
                LocalTierConfig.builder().enabled(true).patterns(List.of("a*", "*")),
                "local.patterns",
                "local.patterns must not overlap (the server tracks each prefix once), but '*' overlaps 'a*'");
    }

    @Test
    void enabled_withoutPatterns_isAConflict() {
        assertConflict(
                LocalTierConfig.builder().enabled(true),
                "local.patterns",
                "local.patterns must not be empty while the tier is enabled, but was []");
    }

    @Test
    void noBound_isAConflict() {
        assertConflict(
                LocalTierConfig.builder().maximumEntries(null),
                "local.maximumEntries",
                "local.maximumEntries must be set when maximumWeight is not (the tier must be bounded), but was null");
    }

    @Test
    void setters_badArguments_failAtOnce() {
        LocalTierConfig.Builder b = LocalTierConfig.builder();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> b.maximumEntries(0L))
                .withMessage("local.maximumEntries must be at least 1, but was 0");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> b.maximumWeight(DataSize.ofBytes(1023)))
                .withMessage("local.maximumWeight must be at least 1KB, but was 1023B");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> b.maxStaleness(Duration.ofNanos(999_999)))
                .withMessage("local.maxStaleness must be at least 1ms, but was PT0.000999999S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> b.staleIfError(Duration.ofMillis(-1)))
                .withMessage("local.staleIfError must not be negative, but was PT-0.001S");
    }
}
