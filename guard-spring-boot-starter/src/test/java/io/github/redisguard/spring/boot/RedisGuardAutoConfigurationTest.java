/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.OnMissingTtl;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.memory.FailMode;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.ShedAction;
import io.github.redisguard.memory.ShedClass;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

class RedisGuardAutoConfigurationTest {

    // Port 1 on loopback: nothing listens, so the memory breaker's background sampling fails quietly (fail open).
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisGuardAutoConfiguration.class))
            .withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=1");

    @Test
    void defaults_guardAndGuardedLettuceFactory() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RedisGuard.class).hasSingleBean(GuardConfig.class);
            assertThat(context.getBean(GuardConfig.class)).isEqualTo(GuardConfig.defaults());
            RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
            assertThat(factory).isInstanceOf(LettuceConnectionFactory.class);
            assertThat(SpringRedisGuard.isGuarded(factory)).isTrue();
        });
    }

    @Test
    void enabledFalse_backsOffEntirely() {
        runner.withPropertyValues("redis-guard.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(RedisGuard.class).doesNotHaveBean(GuardConfig.class);
            assertThat(SpringRedisGuard.isGuarded(context.getBean(RedisConnectionFactory.class)))
                    .isFalse();
        });
    }

    @Test
    void withoutSpringDataRedis_backsOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RedisGuardAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
                .run(context -> assertThat(context).doesNotHaveBean(RedisGuard.class));
    }

    @Test
    void withoutLettuce_guardButNoLettuceGuarding() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RedisGuardAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("io.lettuce.core", "io.github.redisguard.lettuce"))
                .run(context -> assertThat(context)
                        .hasSingleBean(RedisGuard.class)
                        .doesNotHaveBean(LettuceConnectionFactoryGuard.class));
    }

    @Test
    void userGuard_usedForTheFactory() {
        runner.withUserConfiguration(UserGuard.class).run(context -> {
            assertThat(context).hasSingleBean(RedisGuard.class);
            RedisGuard guard = context.getBean(RedisGuard.class);
            assertThat(guard.config().defaultTtl()).isEqualTo(Duration.ofMinutes(7));
            assertThat(SpringRedisGuard.isGuarded(context.getBean(RedisConnectionFactory.class)))
                    .isTrue();
        });
    }

    @Test
    void userGuardConfig_backsOffPropertiesAndCustomizers() {
        runner.withUserConfiguration(UserGuardConfig.class, Customizers.class)
                .withPropertyValues("redis-guard.default-ttl=1h")
                .run(context ->
                        assertThat(context.getBean(RedisGuard.class).config()).isEqualTo(UserGuardConfig.CONFIG));
    }

    @Test
    void customizers_runInOrderAfterProperties() {
        runner.withUserConfiguration(Customizers.class)
                .withPropertyValues("redis-guard.default-ttl=1h", "redis-guard.rules[0].pattern=a:*")
                .run(context -> {
                    GuardConfig config = context.getBean(GuardConfig.class);
                    assertThat(config.rules())
                            .extracting(KeyRule::pattern)
                            .containsExactly("a:*", "first:*", "second:*");
                    assertThat(config.defaultTtl()).isEqualTo(Duration.ofHours(1));
                });
    }

    @Test
    void meters_goToTheApplicationsRegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context.getBean(RedisGuard.class).meterRegistry())
                    .isSameAs(context.getBean(MeterRegistry.class));
        });
    }

    @Test
    void userFactoryGuard_backsOff() {
        runner.withBean(
                        "redisGuardLettuceConnectionFactoryGuard",
                        LettuceConnectionFactoryGuard.class,
                        () -> new LettuceConnectionFactoryGuard(new NoGuard()))
                .run(context -> assertThat(SpringRedisGuard.isGuarded(context.getBean(RedisConnectionFactory.class)))
                        .isFalse());
    }

    @Test
    void jedis_factoryGuarded_keepsItsType() {
        runner.withPropertyValues("spring.data.redis.client-type=jedis").run(context -> {
            assertThat(context).hasSingleBean(JedisConnectionFactoryGuard.class);
            RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
            assertThat(factory).isInstanceOf(JedisConnectionFactory.class);
            assertThat(SpringRedisGuard.isGuarded(factory)).isTrue();
        });
    }

    @Test
    void jedis_withoutLettuceOnTheClassPath_factoryGuarded() {
        runner.withClassLoader(new FilteredClassLoader("io.lettuce.core", "io.github.redisguard.lettuce"))
                .run(context -> {
                    assertThat(context).doesNotHaveBean(LettuceConnectionFactoryGuard.class);
                    RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
                    assertThat(factory).isInstanceOf(JedisConnectionFactory.class);
                    assertThat(SpringRedisGuard.isGuarded(factory)).isTrue();
                });
    }

    @Test
    void jedis_userFactoryGuard_backsOff() {
        runner.withPropertyValues("spring.data.redis.client-type=jedis")
                .withBean(
                        "redisGuardJedisConnectionFactoryGuard",
                        JedisConnectionFactoryGuard.class,
                        () -> new JedisConnectionFactoryGuard(new NoGuard()))
                .run(context -> {
                    assertThat(context).hasSingleBean(JedisConnectionFactoryGuard.class);
                    assertThat(SpringRedisGuard.isGuarded(context.getBean(RedisConnectionFactory.class)))
                            .isFalse();
                });
    }

    @Test
    void jedis_enabledFalse_factoryNotGuarded() {
        runner.withPropertyValues("spring.data.redis.client-type=jedis", "redis-guard.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(JedisConnectionFactoryGuard.class);
                    RedisConnectionFactory factory = context.getBean(RedisConnectionFactory.class);
                    assertThat(factory).isInstanceOf(JedisConnectionFactory.class);
                    assertThat(SpringRedisGuard.isGuarded(factory)).isFalse();
                });
    }

    @Test
    void withoutGuardJedis_jedisFactoryNotGuarded_andNamedInTheStartupWarning() {
        runner.withPropertyValues("spring.data.redis.client-type=jedis")
                .withClassLoader(new FilteredClassLoader("io.github.redisguard.jedis"))
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(RedisGuard.class)
                            .doesNotHaveBean(JedisConnectionFactoryGuard.class);
                    assertThat(SpringRedisGuard.isGuarded(context.getBean(RedisConnectionFactory.class)))
                            .isFalse();
                    assertThat(context.getBean(UnguardedFactoryWarning.class).unguarded())
                            .containsExactly("redisConnectionFactory");
                });
        runner.withPropertyValues("spring.data.redis.client-type=jedis").run(context -> assertThat(
                        context.getBean(UnguardedFactoryWarning.class).unguarded())
                .isEmpty());
    }

    @Test
    void actuator_healthIndicatorByDefault_endpointWhenExposed() {
        runner.run(context ->
                assertThat(context).hasBean("redisGuardHealthIndicator").doesNotHaveBean(RedisGuardEndpoint.class));
        runner.withPropertyValues("management.endpoints.web.exposure.include=redisguard")
                .run(context -> assertThat(context).hasSingleBean(RedisGuardEndpoint.class));
        runner.withPropertyValues("management.health.redisGuard.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("redisGuardHealthIndicator"));
    }

    @Test
    void health_upWithBreakerDetails_beforeAnyServerIsWatched() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RedisGuardAutoConfiguration.class))
                .withPropertyValues("redis-guard.memory.fail-mode=closed")
                .run(context -> {
                    org.springframework.boot.health.contributor.Health health = health(context);
                    assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("breaker", "enabled")
                            .containsEntry("failMode", "CLOSED")
                            .containsEntry("nodes", java.util.Map.of());
                });
    }

    @Test
    void health_unknown_whileTheBreakerCannotReadTheWatchedServer() {
        // Without a MeterRegistry bean: the guard's own registry keeps the figures (the global one read NaN: UP).
        runner.run(context -> {
            org.springframework.boot.health.contributor.Health health = health(context);
            assertThat(health.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UNKNOWN);
            assertThat(health.getDetails().get("nodes").toString())
                    .contains("127.0.0.1:1")
                    .contains("blind=true");
        });
    }

    private static org.springframework.boot.health.contributor.Health health(
            org.springframework.context.ApplicationContext context) {
        return context.getBean(
                        "redisGuardHealthIndicator", org.springframework.boot.health.contributor.HealthIndicator.class)
                .health();
    }

    @Test
    void everyProperty_boundOntoTheCoreBuilder() {
        runner.withPropertyValues(
                        "redis-guard.default-ttl=2h",
                        "redis-guard.max-ttl=7d",
                        "redis-guard.min-ttl=1s",
                        "redis-guard.jitter=0.1",
                        "redis-guard.on-missing-ttl=reject",
                        "redis-guard.max-value-size=1MB",
                        "redis-guard.max-decoded-size=32MB",
                        "redis-guard.compression.algorithm=zstd",
                        "redis-guard.compression.threshold=4KB",
                        "redis-guard.rules[0].name=sessions",
                        "redis-guard.rules[0].pattern=spring:session:*",
                        "redis-guard.rules[0].default-ttl=30m",
                        "redis-guard.rules[0].max-ttl=12h",
                        "redis-guard.rules[0].min-ttl=1m",
                        "redis-guard.rules[0].jitter=0.05",
                        "redis-guard.rules[0].on-missing-ttl=apply-default",
                        "redis-guard.rules[0].max-value-size=64KB",
                        "redis-guard.rules[0].shed-class=vital",
                        "redis-guard.rules[0].on-shed=throw",
                        "redis-guard.rules[1].pattern=cache:*",
                        "redis-guard.rules[1].compression.algorithm=lz4",
                        "redis-guard.rules[1].shed-class=cache",
                        "redis-guard.rules[1].on-shed=drop",
                        "redis-guard.rules[2].pattern=config:*",
                        "redis-guard.rules[2].persistent=true",
                        "redis-guard.rules[2].compression.threshold=64KB",
                        "redis-guard.memory.enabled=false",
                        "redis-guard.memory.shed-classes[0].name=cache",
                        "redis-guard.memory.shed-classes[0].threshold=0.8",
                        "redis-guard.memory.shed-classes[1].name=normal",
                        "redis-guard.memory.shed-classes[1].threshold=0.9",
                        "redis-guard.memory.shed-classes[2].name=vital",
                        "redis-guard.memory.shed-classes[2].threshold=0.98",
                        "redis-guard.memory.default-shed-class=normal",
                        "redis-guard.memory.hysteresis=0.05",
                        "redis-guard.memory.min-sample-interval=10ms",
                        "redis-guard.memory.max-sample-interval=2s",
                        "redis-guard.memory.sample-timeout=500ms",
                        "redis-guard.memory.overhead-factor=1.5",
                        "redis-guard.memory.write-overhead=128B",
                        "redis-guard.memory.sample-trigger=0.01",
                        "redis-guard.memory.limit=256MB",
                        "redis-guard.memory.system-memory-share=0.5",
                        "redis-guard.memory.fail-mode=closed",
                        "redis-guard.local-tier.enabled=true",
                        "redis-guard.local-tier.patterns[0]=product:*",
                        "redis-guard.local-tier.patterns[1]=catalog:*",
                        "redis-guard.local-tier.maximum-entries=5000",
                        "redis-guard.local-tier.maximum-weight=64MB",
                        "redis-guard.local-tier.max-staleness=10s",
                        "redis-guard.local-tier.stale-if-error=1m")
                .run(context -> {
                    GuardConfig expected = GuardConfig.builder()
                            .defaultTtl(Duration.ofHours(2))
                            .maxTtl(Duration.ofDays(7))
                            .minTtl(Duration.ofSeconds(1))
                            .jitter(0.1)
                            .onMissingTtl(OnMissingTtl.REJECT)
                            .maxValueSize(DataSize.ofMegabytes(1))
                            .maxDecodedSize(DataSize.ofMegabytes(32))
                            .compression(Compression.zstd(DataSize.ofKilobytes(4)))
                            .memory(MemoryConfig.builder()
                                    .enabled(false)
                                    .shedClasses(List.of(
                                            ShedClass.of("cache", 0.8),
                                            ShedClass.of("normal", 0.9),
                                            ShedClass.of("vital", 0.98)))
                                    .defaultShedClass("normal")
                                    .hysteresis(0.05)
                                    .sampleInterval(Duration.ofMillis(10), Duration.ofSeconds(2))
                                    .sampleTimeout(Duration.ofMillis(500))
                                    .overheadFactor(1.5)
                                    .writeOverhead(DataSize.ofBytes(128))
                                    .sampleTrigger(0.01)
                                    .limit(DataSize.ofMegabytes(256))
                                    .systemMemoryShare(0.5)
                                    .failMode(FailMode.CLOSED)
                                    .build())
                            .localTier(LocalTierConfig.builder()
                                    .enabled(true)
                                    .patterns(List.of("product:*", "catalog:*"))
                                    .maximumEntries(5000L)
                                    .maximumWeight(DataSize.ofMegabytes(64))
                                    .maxStaleness(Duration.ofSeconds(10))
                                    .staleIfError(Duration.ofMinutes(1))
                                    .build())
                            .rule(KeyRule.builder("spring:session:*")
                                    .name("sessions")
                                    .defaultTtl(Duration.ofMinutes(30))
                                    .maxTtl(Duration.ofHours(12))
                                    .minTtl(Duration.ofMinutes(1))
                                    .jitter(0.05)
                                    .onMissingTtl(OnMissingTtl.APPLY_DEFAULT)
                                    .maxValueSize(DataSize.ofKilobytes(64))
                                    .shedClass("vital")
                                    .onShed(ShedAction.THROW)
                                    .build())
                            // algorithm from the rule, threshold inherited from redis-guard.compression
                            .rule(KeyRule.builder("cache:*")
                                    .compression(Compression.lz4(DataSize.ofKilobytes(4)))
                                    .shedClass("cache")
                                    .onShed(ShedAction.DROP)
                                    .build())
                            // threshold from the rule, algorithm inherited
                            .rule(KeyRule.builder("config:*")
                                    .persistent(true)
                                    .compression(Compression.zstd(DataSize.ofKilobytes(64)))
                                    .build())
                            .build();
                    assertThat(context.getBean(GuardConfig.class)).isEqualTo(expected);
                });
    }

    @Test
    void compressionAlgorithmAlone_usesTheDefaultThreshold() {
        runner.withPropertyValues("redis-guard.compression.algorithm=lz4")
                .run(context -> assertThat(context.getBean(GuardConfig.class).compression())
                        .isEqualTo(Compression.lz4(RedisGuardPropertiesMapper.DEFAULT_COMPRESSION_THRESHOLD)));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserGuard {
        @Bean
        RedisGuard myGuard() {
            return RedisGuard.builder(GuardConfig.builder()
                            .defaultTtl(Duration.ofMinutes(7))
                            .build())
                    .meterRegistry(new SimpleMeterRegistry())
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserGuardConfig {
        static final GuardConfig CONFIG =
                GuardConfig.builder().defaultTtl(Duration.ofMinutes(3)).build();

        @Bean
        GuardConfig myConfig() {
            return CONFIG;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        @Order(2)
        RedisGuardCustomizer second() {
            return builder -> builder.rule(KeyRule.builder("second:*").build());
        }

        @Bean
        @Order(1)
        RedisGuardCustomizer first() {
            return builder -> builder.rule(KeyRule.builder("first:*").build());
        }
    }

    /** An ObjectProvider with no guard: the factory guard then leaves factories alone. */
    static final class NoGuard implements org.springframework.beans.factory.ObjectProvider<RedisGuard> {
        @Override
        public RedisGuard getObject() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RedisGuard getObject(Object... args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RedisGuard getIfAvailable() {
            return null;
        }

        @Override
        public RedisGuard getIfUnique() {
            return null;
        }
    }
}
