/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RedisServer#start(RedisServerOptions)} reads from the outside world: environment variables, system
 * properties, and whether it may try Testcontainers. A seam so that tests can choose the source.
 */
record Environment(
        Function<String, @Nullable String> variables,
        Function<String, @Nullable String> properties,
        boolean containersAllowed) {

    /** The real environment of this JVM. */
    static Environment system() {
        return new Environment(System::getenv, System::getProperty, true);
    }

    /** Given variables, no system properties, no containers. */
    static Environment of(Map<String, String> variables) {
        return new Environment(variables::get, name -> null, false);
    }

    /** This environment without the named settings (neither as variable nor as property) and without containers. */
    Environment without(String... names) {
        Set<String> hidden = Set.of(names);
        Function<String, @Nullable String> vars = variables;
        Function<String, @Nullable String> props = properties;
        return new Environment(
                name -> hidden.contains(name) ? null : vars.apply(name),
                name -> hidden.contains(name) ? null : props.apply(name),
                false);
    }

    /** This environment with Testcontainers allowed. */
    Environment withContainers() {
        return new Environment(variables, properties, true);
    }

    /** A setting given as system property or else environment variable; null when unset or blank. */
    @Nullable
    String setting(String name) {
        String value = properties.apply(name);
        if (value == null || value.isBlank()) {
            value = variables.apply(name);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** An environment variable; null when unset. */
    @Nullable
    String variable(String name) {
        return variables.apply(name);
    }
}
