/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

/**
 * A configuration that cannot be built: settings that each look fine but conflict (a default TTL above the maximum,
 * two rules with one name). Raised by {@code build()}; single bad arguments raise {@link IllegalArgumentException}
 * at once. Both use the message shape {@code <setting> must <rule>, but was <value>}.
 */
public final class GuardConfigurationException extends GuardException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    /**
     * Creates the exception.
     *
     * @param setting the setting at fault, e.g. {@code rules[sessions].defaultTtl}
     * @param message the full message, starting with the setting
     */
    public GuardConfigurationException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** Returns the setting at fault, e.g. {@code rules[sessions].defaultTtl} or {@code maxDecodedSize}. */
    public String setting() {
        return setting;
    }
}
