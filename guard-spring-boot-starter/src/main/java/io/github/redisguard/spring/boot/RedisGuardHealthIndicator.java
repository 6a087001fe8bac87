/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The guard's health ({@code /actuator/health/redisGuard}). Shedding is the guard doing its job, so it never takes the
 * application out of service:
 *
 * <ul>
 *   <li>{@code UP}: the breaker reads every server's memory, whether it sheds or not ({@code shedding} lists the classes
 *       shed per node), or the breaker is off, or no server is watched yet;
 *   <li>{@code UNKNOWN}: the breaker cannot read a server's memory (INFO refused, server unreachable): the fail mode
 *       decides meanwhile. Boot's default aggregation ranks {@code UNKNOWN} below {@code UP}.
 * </ul>
 *
 * <p>Never {@code DOWN} or {@code OUT_OF_SERVICE}: whether Redis answers is the job of Boot's own Redis health
 * indicator. Details: the breaker's {@code failMode}, and per node {@code memoryRatio}, {@code usedMemory},
 * {@code limit}, {@code blind} and {@code shedding}.
 */
final class RedisGuardHealthIndicator implements HealthIndicator {

    private final RedisGuardState state;

    RedisGuardHealthIndicator(RedisGuardState state) {
        this.state = state;
    }

    @Override
    public Health health() {
        Map<String, Map<String, Object>> nodes = state.nodes();
        boolean blind = nodes.values().stream().anyMatch(n -> Boolean.TRUE.equals(n.get("blind")));
        Map<String, Object> breaker = state.breaker();
        return (blind ? Health.unknown() : Health.up())
                .withDetail("breaker", Boolean.TRUE.equals(breaker.get("enabled")) ? "enabled" : "disabled")
                .withDetail("failMode", breaker.get("failMode"))
                .withDetail("nodes", nodes)
                .build();
    }
}
