/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

/**
 * Base of every exception the guard raises on its own decision (a write it refuses, a value it cannot decode, a
 * setting it does not accept). Exceptions from the Redis driver pass through the guard unchanged and are never
 * wrapped in a {@code GuardException}.
 *
 * <p>Messages never contain values, and never contain keys: they name the rule, the command and the limit.
 */
public class GuardException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    protected GuardException(String message) {
        super(message);
    }

    /** Creates an exception with a message and a cause. */
    protected GuardException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Creates an exception that may skip its stack trace, for decisions that can happen very often. */
    protected GuardException(String message, boolean writableStackTrace) {
        super(message, null, false, writableStackTrace);
    }
}
