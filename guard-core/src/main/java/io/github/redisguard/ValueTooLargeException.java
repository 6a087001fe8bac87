/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import java.util.Locale;

/**
 * A value is larger than its rule's {@linkplain KeyRule#maxValueSize() size limit}. The size is measured before
 * compression. Nothing was sent to Redis.
 */
public final class ValueTooLargeException extends GuardException {

    private static final long serialVersionUID = 1L;

    private final String rule;

    private final String command;

    private final long size;

    private final long limit;

    /**
     * Creates the exception.
     *
     * @param rule the name of the rule whose limit was exceeded
     * @param command the Redis command, e.g. {@code SET}
     * @param size the size of the value in bytes
     * @param limit the rule's limit in bytes
     */
    public ValueTooLargeException(String rule, String command, long size, long limit) {
        super(String.format(
                Locale.ROOT,
                "%s under rule '%s': value size must be at most %s (%d bytes), but was %s (%d bytes)",
                command,
                rule,
                DataSize.ofBytes(limit),
                limit,
                DataSize.ofBytes(size),
                size));
        this.rule = rule;
        this.command = command;
        this.size = size;
        this.limit = limit;
    }

    /** Returns the name of the rule whose limit was exceeded. */
    public String rule() {
        return rule;
    }

    /** Returns the Redis command that was refused, upper case. */
    public String command() {
        return command;
    }

    /** Returns the size of the refused value in bytes, before compression. */
    public long size() {
        return size;
    }

    /** Returns the limit in bytes. */
    public long limit() {
        return limit;
    }
}
