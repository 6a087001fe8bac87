/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import java.util.Locale;

/**
 * A write the guard cannot carry out without breaking a promise, refused before anything was sent:
 *
 * <ul>
 *   <li>a partial write (APPEND, SETRANGE, SETBIT, BITFIELD) to a key whose rule compresses values: changing some
 *       bytes of a compressed value would corrupt it;
 *   <li>a write with more arguments than the atomic TTL script can take (about 7,000), for a command that cannot be
 *       split into equivalent smaller writes (MSETNX, XADD, SUNIONSTORE...).
 * </ul>
 */
public final class IncompatibleWriteException extends GuardException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    private final String command;

    private IncompatibleWriteException(String rule, String command, String message) {
        super(message);
        this.rule = rule;
        this.command = command;
    }

    /**
     * Returns the exception for a partial write under a compressing rule.
     *
     * @param rule the rule that compresses the key's values
     * @param command the refused command, e.g. {@code APPEND}
     */
    public static IncompatibleWriteException partialWrite(String rule, String command) {
        return new IncompatibleWriteException(
                rule,
                command,
                String.format(
                        Locale.ROOT,
                        "%s under rule '%s' must not change part of a value, because the rule compresses values;"
                                + " write whole values (SET), or match these keys with a rule without compression",
                        command,
                        rule));
    }

    /**
     * Returns the exception for a write too large for the atomic TTL script.
     *
     * @param rule the rule of the key that needs a TTL
     * @param command the refused command
     * @param arguments the number of arguments the write had
     * @param limit the most arguments the guard can send in one atomic write of this command
     */
    public static IncompatibleWriteException tooManyArguments(String rule, String command, int arguments, int limit) {
        return new IncompatibleWriteException(
                rule,
                command,
                String.format(
                        Locale.ROOT,
                        "%s under rule '%s' must have at most %d arguments to get its TTL atomically, but had %d;"
                                + " split it into smaller writes",
                        command,
                        rule,
                        limit,
                        arguments));
    }

    /** Returns the name of the rule of the key written. */
    public String rule() {
        return rule;
    }

    /** Returns the refused command, upper case. */
    public String command() {
        return command;
    }
}
