/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

/**
 * How the guard treats one command name. Obtained from {@link CommandGuard#route(String)}; immutable and
 * thread-safe.
 */
public interface CommandRoute {

    /** Returns the command name, upper case. */
    String name();

    /**
     * Returns whether the guard must see the arguments: if so, pass them to {@link CommandGuard#plan}; if not, send
     * the command unchanged and decode its reply as {@link #replyDecoding()} says.
     */
    boolean inspectsArguments();

    /** Returns how to decode the reply when the command is sent unchanged. */
    ReplyDecoding replyDecoding();

    /** Returns whether the guard knows the command; unknown commands pass through unchanged and are counted. */
    boolean known();
}
