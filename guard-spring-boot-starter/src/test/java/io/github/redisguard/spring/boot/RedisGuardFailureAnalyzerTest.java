/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.KeyRule;
import io.github.redisguard.local.LocalTierConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** Bad {@code redis-guard.*} values fail startup, and the report names the property and what it must be. */
class RedisGuardFailureAnalyzerTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RedisGuardAutoConfiguration.class))
            .withPropertyValues("redis-guard.memory.enabled=false");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            redis-guard.jitter=1.5                       | redis-guard.jitter                   | it must be at least 0 and below 1
            redis-guard.default-ttl=0s                   | redis-guard.default-ttl              | it must be at least 1 ms
            redis-guard.max-value-size=0B                | redis-guard.max-value-size           | it must be between 1B and 512MB
            redis-guard.compression.threshold=8B         | redis-guard.compression.algorithm    | it must be set (none, lz4 or zstd) when compression.threshold is
            redis-guard.memory.hysteresis=0.7            | redis-guard.memory.hysteresis        | it must be at least 0 and below 0.5
            redis-guard.memory.limit=10KB                | redis-guard.memory.limit             | it must be at least 1MB
            redis-guard.memory.fail-mode=open            | -                                    | -
            redis-guard.local-tier.patterns[0]=product:?*   | redis-guard.local-tier.patterns[0]  | it must be a literal prefix followed by '*' (such as 'product:*')
            redis-guard.local-tier.maximum-entries=0     | redis-guard.local-tier.maximum-entries | it must be at least 1
            redis-guard.local-tier.maximum-weight=512B   | redis-guard.local-tier.maximum-weight | it must be at least 1KB
            redis-guard.local-tier.max-staleness=0s      | redis-guard.local-tier.max-staleness | it must be at least 1ms
            redis-guard.local-tier.stale-if-error=-1s    | redis-guard.local-tier.stale-if-error | it must not be negative
            redis-guard.local-tier.enabled=true          | redis-guard.local-tier.patterns      | it must not be empty while the tier is enabled
            """)
    void singleValue_namesTheProperty(String setting, String property, String action) {
        runner.withPropertyValues(setting).run(context -> {
            if (property.equals("-")) {
                assertThat(context).hasNotFailed();
                return;
            }
            assertThat(context).hasFailed();
            FailureAnalysis analysis = analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("'" + property + "'");
            assertThat(analysis.getAction())
                    .startsWith("Update '" + property + "'")
                    .contains(action);
        });
    }

    @Test
    void overlappingLocalTierPatterns_nameThePatterns() {
        runner.withPropertyValues(
                        "redis-guard.local-tier.enabled=true",
                        "redis-guard.local-tier.patterns[0]=product:*",
                        "redis-guard.local-tier.patterns[1]=product:images:*")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains("'redis-guard.local-tier.patterns'")
                            .contains("local.patterns must not overlap (the server tracks each prefix once), but"
                                    + " 'product:images:*' overlaps 'product:*'");
                    assertThat(analysis.getAction()).startsWith("Update 'redis-guard.local-tier.patterns'");
                });
    }

    @Test
    void localTierConflictFromACustomizer_namesTheProperty() {
        runner.withBean(
                        RedisGuardCustomizer.class,
                        () -> builder -> builder.localTier(
                                LocalTierConfig.builder().maximumEntries(null).build()))
                .run(context -> assertThat(analyze(context.getStartupFailure()).getAction())
                        .contains("the property 'redis-guard.local-tier.maximum-entries'"));
    }

    @Test
    void compressionThresholdBelowMinimum_namesTheThreshold() {
        runner.withPropertyValues("redis-guard.compression.algorithm=lz4", "redis-guard.compression.threshold=8B")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains("'redis-guard.compression.threshold' (value '8B')")
                            .contains("compression.threshold must be between 32B and 512MB, but was 8B");
                    assertThat(analysis.getAction())
                            .isEqualTo("Update 'redis-guard.compression.threshold' in your application configuration:"
                                    + " it must be between 32B and 512MB. Or switch the guard off with"
                                    + " 'redis-guard.enabled=false'.");
                });
    }

    @Test
    void defaultAboveMax_namesTheDefault() {
        runner.withPropertyValues("redis-guard.default-ttl=2h", "redis-guard.max-ttl=1h")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains("'redis-guard.default-ttl'")
                            .contains("defaultTtl must be at most maxTtl (PT1H), but was PT2H");
                    assertThat(analysis.getAction()).contains("it must be at most maxTtl (PT1H)");
                });
    }

    @Test
    void ruleConflict_namesTheRulesIndex() {
        runner.withPropertyValues(
                        "redis-guard.rules[0].pattern=cache:*",
                        "redis-guard.rules[1].name=sessions",
                        "redis-guard.rules[1].pattern=session:*",
                        "redis-guard.rules[1].default-ttl=2h",
                        "redis-guard.rules[1].max-ttl=1h")
                .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
                        .contains("'redis-guard.rules[1].default-ttl'")
                        .contains("rules[sessions].defaultTtl must be at most maxTtl (PT1H), but was PT2H"));
    }

    @Test
    void unknownShedClass_namesTheRulesShedClass() {
        runner.withPropertyValues("redis-guard.rules[0].pattern=cache:*", "redis-guard.rules[0].shed-class=cheap")
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("'redis-guard.rules[0].shed-class'");
                    assertThat(analysis.getAction())
                            .contains("it must name one of memory.shedClasses [low@0.85, normal@0.92, critical@0.97]");
                });
    }

    @Test
    void persistentWithTtl_namesPersistent() {
        runner.withPropertyValues(
                        "redis-guard.rules[0].pattern=config:*",
                        "redis-guard.rules[0].persistent=true",
                        "redis-guard.rules[0].default-ttl=1h")
                .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
                        .contains("'redis-guard.rules[0].persistent'")
                        .contains("must not be combined with TTL settings, but the rule also sets defaultTtl"));
    }

    @Test
    void ruleWithoutPattern_saysToSetIt() {
        runner.withPropertyValues("redis-guard.rules[0].name=sessions", "redis-guard.rules[0].default-ttl=1h")
                .run(context -> assertThat(analyze(context.getStartupFailure()).getAction())
                        .startsWith("Update 'redis-guard.rules[0].pattern'")
                        .contains("it must be set to the Redis glob of the rule's keys"));
    }

    @Test
    void badGlob_namesThePattern() {
        runner.withPropertyValues("redis-guard.rules[0].pattern=[abc")
                .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
                        .contains("'redis-guard.rules[0].pattern' (value '[abc')"));
    }

    @Test
    void defaultShedClassNotAClass_namesIt() {
        runner.withPropertyValues(
                        "redis-guard.memory.shed-classes[0].name=cache",
                        "redis-guard.memory.shed-classes[0].threshold=0.8")
                .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
                        .contains("'redis-guard.memory.default-shed-class'")
                        .contains("memory.defaultShedClass must name one of the shed classes [cache], but was"
                                + " 'normal'"));
    }

    @Test
    void shedClassWithoutThreshold_namesIt() {
        runner.withPropertyValues("redis-guard.memory.shed-classes[0].name=cache")
                .run(context -> assertThat(analyze(context.getStartupFailure()).getDescription())
                        .contains("'redis-guard.memory.shed-classes[0].threshold'"));
    }

    @Test
    void conflictFromACustomizer_namesTheSetting() {
        runner.withBean(
                        RedisGuardCustomizer.class,
                        () -> builder -> builder.rules(List.of(
                                KeyRule.builder("a:*").name("x").build(),
                                KeyRule.builder("b:*")
                                        .name("x")
                                        .defaultTtl(Duration.ofHours(1))
                                        .build())))
                .run(context -> {
                    FailureAnalysis analysis = analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription())
                            .contains("rules[x].name must be unique among the rules, but was 'x' twice");
                    assertThat(analysis.getDescription()).contains("'redis-guard.rules'");
                });
    }

    @Test
    void analyzer_isRegisteredForSpringBoot() {
        // Others' analyzers need constructor arguments Boot supplies; skip them, instantiate ours as Boot would.
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, (type, name, failure) -> {});
        assertThat(analyzers).hasAtLeastOneElementOfType(RedisGuardFailureAnalyzer.class);
    }

    private static FailureAnalysis analyze(Throwable failure) {
        assertThat(failure).isNotNull();
        FailureAnalysis analysis = new RedisGuardFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        return analysis;
    }
}
