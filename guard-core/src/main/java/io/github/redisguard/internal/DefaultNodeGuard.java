/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.internal.memory.MemoryMonitor;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.NodeGuard;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** One holder's view of a node: plans with the node's breaker, reports completions, releases on close. */
final class DefaultNodeGuard implements NodeGuard {

    private final DefaultCommandGuard guard;

    private final @Nullable MemoryMonitor monitor;

    private final AtomicBoolean closed = new AtomicBoolean();

    DefaultNodeGuard(DefaultCommandGuard guard, @Nullable MemoryMonitor monitor) {
        this.guard = guard;
        this.monitor = monitor;
    }

    @Override
    public CommandPlan plan(CommandRoute route, List<byte[]> arguments) {
        return guard.plan(route, arguments, monitor == null ? Admission.ALWAYS : monitor.breaker());
    }

    @Override
    public void completed(CommandPlan plan, @Nullable String error) {
        if (monitor != null && plan.memoryBytes() > 0) {
            monitor.breaker().completed(plan.memoryBytes(), error);
        }
    }

    @Override
    public void close() {
        if (monitor != null && closed.compareAndSet(false, true)) {
            guard.release(monitor);
        }
    }

    @Override
    public String toString() {
        return "NodeGuard[" + (monitor == null ? "no memory breaker" : monitor.node()) + "]";
    }
}
