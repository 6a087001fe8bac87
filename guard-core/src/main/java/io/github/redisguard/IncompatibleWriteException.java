/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import java.util.Locale;

/**
 * A partial write (APPEND, SETRANGE, SETBIT) was refused because the key's rule compresses values: changing some
 * bytes of a compressed value would corrupt it. Nothing was sent to Redis.
 */
public final class IncompatibleWriteException extends GuardException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    private final String command;

    /**
     * Creates the exception.
     *
     * @param rule the rule that compresses the key's values
     * @param command the refused command, e.g. {@code APPEND}
     */
    public IncompatibleWriteException(String rule, String command) {
        super(String.format(
                Locale.ROOT,
                "%s under rule '%s' must not change part of a value, because the rule compresses values;"
                        + " write whole values (SET), or match these keys with a rule without compression",
                command,
                rule));
        this.rule = rule;
        this.command = command;
    }

    /** Returns the name of the rule that compresses the key's values. */
    public String rule() {
        return rule;
    }

    /** Returns the refused command, upper case. */
    public String command() {
        return command;
    }
}
