/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-guard.*} property the guard cannot accept, named as the application configures it
 * ({@code redis-guard.rules[0].default-ttl}); {@link RedisGuardFailureAnalyzer} turns it into the startup report.
 */
final class InvalidRedisGuardPropertyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final @Nullable String value;

    private final String reason;

    /**
     * @param property the property at fault, full path
     * @param value the value as bound, or null when the fault lies in how several properties combine
     * @param reason the guard's own message ({@code <setting> must <rule>, but was <value>})
     */
    InvalidRedisGuardPropertyException(
            String property, @Nullable String value, String reason, @Nullable Throwable cause) {
        super(property + (value != null ? " (" + value + ")" : "") + ": " + reason, cause);
        this.property = property;
        this.value = value;
        this.reason = reason;
    }

    String property() {
        return property;
    }

    @Nullable
    String value() {
        return value;
    }

    String reason() {
        return reason;
    }
}
