/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import io.github.redisguard.CorruptValueException;
import io.github.redisguard.GuardException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * The guard's decisions, for client adapters. Obtained from {@link io.github.redisguard.RedisGuard#commandGuard()};
 * thread-safe, never blocks, never does I/O.
 */
public interface CommandGuard {

    /**
     * Returns how the guard treats a command. Unknown commands get a route that passes them through, and each call
     * for one is counted ({@code redis.guard.commands.unknown}), so call this once per command sent.
     *
     * @param command the command name as sent, any case (e.g. {@code SET}, {@code hset})
     */
    CommandRoute route(String command);

    /**
     * Decides what to send for a command whose route inspects arguments.
     *
     * @param route the command's route
     * @param arguments every argument after the command name, as sent on the wire; not modified
     * @return what to send
     * @throws GuardException if the guard refuses the write ({@link io.github.redisguard.MissingTtlException},
     *     {@link io.github.redisguard.ValueTooLargeException},
     *     {@link io.github.redisguard.IncompatibleWriteException}); nothing must be sent then
     */
    CommandPlan plan(CommandRoute route, List<byte[]> arguments);

    /**
     * Returns the guard for one server, with its memory breaker. Holders of one node id share one breaker and one
     * sampler: {@code sampler} is called only when the node is new, and the sampler is closed when the last holder
     * closes its {@link NodeGuard}. With the breaker disabled, the sampler is never asked for. Blocks until the node's
     * first sample has been taken in or has failed, at most {@code memory.sampleTimeout}, so that writes never run
     * ahead of a breaker that knows nothing yet.
     *
     * @param node the server, {@code host:port}
     * @param sampler opens the adapter's own sampling connection to that server
     */
    NodeGuard node(String node, Supplier<MemorySampler> sampler);

    /**
     * Returns the local tier for one server. Holders of one node id share one tier and one tracking connection:
     * {@code tracking} is asked to open it only when the node's tier is new, and it is closed when the last holder
     * closes its {@link LocalTier}. With the tier disabled, the connector is never asked and the tier serves nothing.
     *
     * @param node the server, {@code host:port} (with the database if not 0: {@code host:port/db})
     * @param tracking opens the adapter's tracking connection to that server
     */
    LocalTier localTier(String node, TrackingConnector tracking);

    /**
     * Returns the value a stored value stands for: decompressed if the guard compressed it, else the same array.
     *
     * @throws CorruptValueException if the value carries a guard header but cannot be restored
     */
    byte[] decode(byte[] stored);

    /**
     * Returns the value a stored value stands for: a new buffer if the guard compressed it, else the same buffer with
     * its position unchanged.
     *
     * @throws CorruptValueException if the value carries a guard header but cannot be restored
     */
    ByteBuffer decode(ByteBuffer stored);
}
