/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The guard's decisions for one server, memory breaker included. Obtained from
 * {@link CommandGuard#node(String, java.util.function.Supplier)}; thread-safe, never blocks.
 */
public interface NodeGuard extends AutoCloseable {

    /**
     * Decides what to send, as {@link CommandGuard#plan} does, and then asks the node's memory breaker about writes
     * that add memory.
     *
     * @throws io.github.redisguard.GuardException if the write is refused, or shed
     *     ({@link io.github.redisguard.WriteShedException}); nothing must be sent then
     */
    CommandPlan plan(CommandRoute route, List<byte[]> arguments);

    /**
     * Reports that a command whose plan has {@link CommandPlan#memoryBytes()} above 0 completed, so the breaker's
     * estimate follows what the server has applied, and a server {@code OOM} error trips the breaker at once.
     *
     * @param plan the command's plan
     * @param error the server's error text, or null when it succeeded (or was cancelled)
     */
    void completed(CommandPlan plan, @Nullable String error);

    /** Releases the node: the last holder to close it stops its sampler. Idempotent. */
    @Override
    void close();
}
