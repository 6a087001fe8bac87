/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.CorruptValueException;
import io.github.redisguard.codec.ValueCodec;
import io.github.redisguard.internal.local.LocalTiers;
import io.github.redisguard.internal.memory.MemoryMonitor;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.MemorySampler;
import io.github.redisguard.spi.NodeGuard;
import io.github.redisguard.spi.TrackingConnector;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The {@link CommandGuard} adapters use: catalogue lookup, the planner, and the codec for replies. */
public final class DefaultCommandGuard implements CommandGuard {

    private static final int MAX_CACHED_UNKNOWN = 256;

    private final Planner planner;

    private final ValueCodec codec;

    private final GuardMetrics metrics;

    private final ConcurrentMap<String, CommandSpec> unknown = new ConcurrentHashMap<>();

    private final MemoryConfig memory;

    private final List<ResolvedRule> rules;

    private final CircuitBreakerRegistry circuitBreakers;

    private final Clock clock;

    private final Map<String, Node> nodes = new HashMap<>();

    private final @Nullable LocalTiers localTiers;

    private @Nullable ScheduledExecutorService executor;

    private boolean closed;

    public DefaultCommandGuard(
            Planner planner,
            ValueCodec codec,
            GuardMetrics metrics,
            MemoryConfig memory,
            List<ResolvedRule> rules,
            CircuitBreakerRegistry circuitBreakers,
            Clock clock) {
        this(planner, codec, metrics, memory, rules, circuitBreakers, clock, null);
    }

    /**
     * @param localTiers the local tiers, or null when the tier is off
     */
    public DefaultCommandGuard(
            Planner planner,
            ValueCodec codec,
            GuardMetrics metrics,
            MemoryConfig memory,
            List<ResolvedRule> rules,
            CircuitBreakerRegistry circuitBreakers,
            Clock clock,
            @Nullable LocalTiers localTiers) {
        this.localTiers = localTiers;
        this.planner = planner;
        this.codec = codec;
        this.metrics = metrics;
        this.memory = memory;
        this.rules = rules;
        this.circuitBreakers = circuitBreakers;
        this.clock = clock;
    }

    /** One node's monitor and the number of NodeGuards holding it. */
    private static final class Node {
        final MemoryMonitor monitor;
        int holders;

        Node(MemoryMonitor monitor) {
            this.monitor = monitor;
        }
    }

    @Override
    public NodeGuard node(String node, Supplier<MemorySampler> sampler) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(sampler, "sampler");
        if (!memory.enabled()) {
            return new DefaultNodeGuard(this, null);
        }
        MemoryMonitor monitor;
        NodeGuard guard;
        synchronized (nodes) {
            if (closed) {
                throw new IllegalStateException("the RedisGuard is closed");
            }
            Node held = nodes.get(node);
            if (held == null) {
                if (executor == null) {
                    executor = newExecutor();
                }
                MemoryMonitor created = new MemoryMonitor(
                        node, sampler.get(), memory, rules, metrics, executor, circuitBreakers, clock);
                held = new Node(created);
                nodes.put(node, held);
                created.start();
            }
            held.holders++;
            monitor = held.monitor;
            guard = new DefaultNodeGuard(this, monitor);
        }
        monitor.awaitFirstSample(memory.sampleTimeout());
        return guard;
    }

    /** Called by a NodeGuard's close(): the last holder stops the node's monitor, the last node the thread. */
    void release(MemoryMonitor monitor) {
        synchronized (nodes) {
            Node held = nodes.get(monitor.node());
            if (held == null || held.monitor != monitor || --held.holders > 0) {
                return;
            }
            nodes.remove(monitor.node());
            monitor.close();
            if (nodes.isEmpty() && executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }
    }

    @Override
    public LocalTier localTier(String node, TrackingConnector tracking) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(tracking, "tracking");
        return localTiers == null ? LocalTiers.DISABLED : localTiers.acquire(node, tracking);
    }

    /** Stops every node's sampling and closes the local tiers. Further node() calls fail. */
    public void close() {
        if (localTiers != null) {
            localTiers.close();
        }
        synchronized (nodes) {
            closed = true;
            nodes.values().forEach(n -> n.monitor.close());
            nodes.clear();
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }
    }

    private static ScheduledExecutorService newExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "redis-guard-memory");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    CommandPlan plan(CommandRoute route, List<byte[]> arguments, Admission admission) {
        Objects.requireNonNull(arguments, "arguments");
        return planner.plan(spec(route), arguments, admission);
    }

    private static CommandSpec spec(CommandRoute route) {
        if (!(route instanceof CommandSpec)) {
            throw new IllegalArgumentException("route must come from this guard's route(String), but was " + route);
        }
        return (CommandSpec) route;
    }

    @Override
    public CommandRoute route(String command) {
        CommandSpec spec = CommandCatalogue.lookup(command);
        if (spec != null) {
            return spec;
        }
        // CommandRoute.name() is upper case, and one command is one meter whatever case it was sent in.
        String name = command.toUpperCase(Locale.ROOT);
        metrics.unknown(name);
        spec = unknown.get(name);
        if (spec == null) {
            spec = CommandCatalogue.unknown(name);
            if (unknown.size() < MAX_CACHED_UNKNOWN) {
                unknown.putIfAbsent(name, spec);
            }
        }
        return spec;
    }

    @Override
    public CommandPlan plan(CommandRoute route, List<byte[]> arguments) {
        Objects.requireNonNull(arguments, "arguments");
        return planner.plan(spec(route), arguments);
    }

    @Override
    public byte[] decode(byte[] stored) {
        try {
            byte[] decoded = codec.decode(stored);
            if (decoded != stored) {
                metrics.decoded();
            }
            return decoded;
        } catch (CorruptValueException e) {
            metrics.corrupt();
            throw e;
        }
    }

    @Override
    public ByteBuffer decode(ByteBuffer stored) {
        try {
            ByteBuffer decoded = codec.decode(stored);
            if (decoded != stored) {
                metrics.decoded();
            }
            return decoded;
        } catch (CorruptValueException e) {
            metrics.corrupt();
            throw e;
        }
    }
}
