/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import java.util.Locale;

/**
 * A write that must say how long its key lives did not, and the key's rule rejects such writes
 * ({@link OnMissingTtl#REJECT}). Nothing was sent to Redis.
 */
public final class MissingTtlException extends GuardException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    private final String command;

    /**
     * Creates the exception.
     *
     * @param rule the name of the rule that rejected the write
     * @param command the Redis command, e.g. {@code SET}
     */
    public MissingTtlException(String rule, String command) {
        super(String.format(
                Locale.ROOT,
                "%s under rule '%s' must carry a TTL (the rule rejects writes without one), but had none;"
                        + " give it an expiry (e.g. SET ... PX <ms>) or change the rule's onMissingTtl",
                command,
                rule));
        this.rule = rule;
        this.command = command;
    }

    /** Returns the name of the rule that rejected the write. */
    public String rule() {
        return rule;
    }

    /** Returns the Redis command that was rejected, upper case. */
    public String command() {
        return command;
    }
}
