/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.GuardConfigurationException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Reports a {@code redis-guard.*} setting the guard refused: the description names the property, its value and the
 * guard's message; the action says what the property must be. Registered in {@code META-INF/spring.factories}.
 */
final class RedisGuardFailureAnalyzer implements FailureAnalyzer {

    @Override
    public @Nullable FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InvalidRedisGuardPropertyException) {
                InvalidRedisGuardPropertyException e = (InvalidRedisGuardPropertyException) t;
                String description = "Redis Guard cannot start: the setting '" + e.property() + "'"
                        + (e.value() != null ? " (value '" + e.value() + "')" : "") + " is invalid.\n\n    Reason: "
                        + e.reason();
                String action = "Update '" + e.property() + "' in your application configuration: "
                        + rule(e.reason())
                        + ". Or switch the guard off with 'redis-guard.enabled=false'.";
                return new FailureAnalysis(description, action, e);
            }
            if (t instanceof GuardConfigurationException) {
                GuardConfigurationException e = (GuardConfigurationException) t;
                String description = "Redis Guard cannot start: the setting '" + e.setting()
                        + "' of the guard's configuration is invalid.\n\n    Reason: " + e.getMessage();
                String action = "Update '" + e.setting() + "' where it is set: the property 'redis-guard."
                        + RedisGuardPropertiesMapper.kebabPath(e.setting())
                        + "', a RedisGuardCustomizer bean or your own GuardConfig bean: " + rule(e.getMessage()) + ".";
                return new FailureAnalysis(description, action, e);
            }
        }
        return null;
    }

    /** The rule part of a guard message, {@code <setting> must <rule>, but was <value>}: "it must <rule>". */
    static String rule(@Nullable String message) {
        if (message == null) {
            return "see the reason above";
        }
        int must = message.indexOf(" must ");
        int but = message.lastIndexOf(", but ");
        if (must < 0) {
            return message;
        }
        return "it" + message.substring(must, but > must ? but : message.length());
    }
}
