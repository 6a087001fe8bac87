/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.test.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * An application with Actuator but no {@code MeterRegistry} bean (no {@code spring-boot-micrometer-metrics}): the
 * health indicator and the {@code redisguard} endpoint still show the watched server's figures and the counters.
 * Before, the guard's meters went to Micrometer's global registry, which without a backend reads NaN and 0.
 */
class RedisGuardActuatorWithoutMeterRegistryIT {

    private static RedisServer server;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void noMeterRegistryBean_healthAndEndpointShowTheServersFiguresAndTheCounters() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisGuardAutoConfiguration.class))
                .withPropertyValues(
                        "spring.data.redis.host=" + server.host(),
                        "spring.data.redis.port=" + server.port(),
                        "management.endpoints.web.exposure.include=redisguard")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(MeterRegistry.class);
                    StringRedisTemplate template =
                            new StringRedisTemplate(context.getBean(RedisConnectionFactory.class));
                    template.opsForValue().set("plain:1", "v");
                    String node = server.host() + ":" + server.port();

                    Health health = context.getBean("redisGuardHealthIndicator", HealthIndicator.class)
                            .health();
                    @SuppressWarnings("unchecked")
                    Map<String, Object> nodes =
                            (Map<String, Object>) health.getDetails().get("nodes");
                    assertThat(nodes).containsKey(node);
                    Map<?, ?> figures = (Map<?, ?>) nodes.get(node);
                    assertThat((Double) figures.get("memoryRatio")).isGreaterThan(0.0);
                    assertThat((Long) figures.get("usedMemory")).isPositive();

                    Map<String, Object> state =
                            context.getBean(RedisGuardEndpoint.class).state();
                    assertThat(((Map<?, ?>) state.get("nodes")).containsKey(node))
                            .isTrue();
                    Map<?, ?> writes = (Map<?, ?>) ((Map<?, ?>) state.get("counters")).get("writes");
                    assertThat(writes.values().stream()
                                    .mapToLong(count -> (Long) count)
                                    .sum())
                            .isPositive();
                });
    }
}
