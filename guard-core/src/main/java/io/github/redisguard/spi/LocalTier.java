/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The local tier of one server, for adapters: reads it answers from memory, and the application's writes that must
 * invalidate it. Obtained from {@link CommandGuard#localTier(String, TrackingConnector)}; thread-safe. A disabled
 * tier {@linkplain #inspects(CommandRoute) inspects} nothing and serves nothing.
 *
 * <p>For each command the application sends: if {@link #inspects(CommandRoute)}, read its arguments as wire bytes;
 * outside a transaction, offer it to {@link #read}; if that returns null, call {@link #invalidate} before sending it
 * and again when it completes (before its caller sees the reply), then send it as usual.
 */
public interface LocalTier extends AutoCloseable {

    /** Returns whether the tier needs the command's arguments: a read it may serve, or a command that may write. */
    boolean inspects(CommandRoute route);

    /**
     * Serves a read from the tier, loading each missing key once through {@code loader}, or returns null when the
     * tier does not serve this command (not GET, MGET, HGET or HGETALL; a key outside the tier's patterns; the tier
     * not serving while tracking is re-established): then send it to Redis as usual. Not for commands inside
     * MULTI.
     *
     * @param arguments every argument after the command name, as sent on the wire
     * @return the reply, completing when every key is in memory; failing as Redis would have failed the command
     */
    @Nullable
    CompletionStage<LocalReply> read(CommandRoute route, List<byte[]> arguments, LocalLoader loader);

    /**
     * Drops from the tier every key under its patterns that a command of this client may change (its key arguments;
     * everything for FLUSHDB, FLUSHALL, SWAPDB). Never throws.
     */
    void invalidate(CommandRoute route, List<byte[]> arguments);

    /** Releases the tier: the last holder of a server's tier closes its tracking connection. Idempotent. */
    @Override
    void close();
}
