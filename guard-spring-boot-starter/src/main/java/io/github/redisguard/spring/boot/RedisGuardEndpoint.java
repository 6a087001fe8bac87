/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code redisguard} Actuator endpoint: the rules in the order they are tried, the breaker's settings, the last
 * figures of every server it watches, and the guard's counters since start. Read-only.
 */
@Endpoint(id = "redisguard")
public final class RedisGuardEndpoint {

    private final RedisGuardState state;

    RedisGuardEndpoint(RedisGuardState state) {
        this.state = state;
    }

    /**
     * Returns the guard's state: {@code rules} ({@code defaults} and {@code rules}), {@code breaker}, {@code nodes}
     * (by {@code host:port}) and {@code counters}.
     */
    @ReadOperation
    public Map<String, Object> state() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("rules", state.rules());
        all.put("breaker", state.breaker());
        all.put("nodes", state.nodes());
        all.put("counters", state.counters());
        return all;
    }
}
