/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

/**
 * A stored value carries a valid Redis Guard header but its compressed content cannot be restored: it is truncated,
 * its checksum does not match, or it would inflate beyond the configured bound. The stored bytes are left as they
 * are in Redis.
 *
 * <p>Values without a Redis Guard header (written before the guard, or by other clients) never raise this
 * exception: they are returned unchanged.
 */
public final class CorruptValueException extends GuardException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong with the value, without the value itself
     */
    public CorruptValueException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the decompressor's failure as cause.
     *
     * @param message what is wrong with the value, without the value itself
     * @param cause the failure of the decompressor
     */
    public CorruptValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
