/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.util.Objects;

/**
 * An error reply from the server to {@link RedisServer#call(String...)}, such as {@code ERR unknown command} or
 * {@code OOM command not allowed when used memory > 'maxmemory'}.
 *
 * <p>The message is the server's error text as sent, without the leading {@code -}. The connection stays usable
 * after an error reply. Inside an array reply (such as the result of {@code EXEC}) an error is not thrown but
 * returned as an element of this type.
 */
public final class RedisErrorReply extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an error reply with the server's error text.
     *
     * @throws NullPointerException if {@code message} is null
     */
    public RedisErrorReply(String message) {
        super(Objects.requireNonNull(message, "message"));
    }

    /**
     * Returns the error code: the first word of the message when it is upper case (such as {@code ERR},
     * {@code WRONGTYPE}, {@code NOAUTH}, {@code OOM}), else the empty string.
     */
    public String code() {
        String message = String.valueOf(getMessage());
        int space = message.indexOf(' ');
        String first = space < 0 ? message : message.substring(0, space);
        return !first.isEmpty() && first.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || c == '_' || c == '-')
                ? first
                : "";
    }
}
