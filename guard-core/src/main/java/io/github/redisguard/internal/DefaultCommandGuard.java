/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.CorruptValueException;
import io.github.redisguard.codec.ValueCodec;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.CommandRoute;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The {@link CommandGuard} adapters use: catalogue lookup, the planner, and the codec for replies. */
public final class DefaultCommandGuard implements CommandGuard {

    private static final int MAX_CACHED_UNKNOWN = 256;

    private final Planner planner;

    private final ValueCodec codec;

    private final GuardMetrics metrics;

    private final ConcurrentMap<String, CommandSpec> unknown = new ConcurrentHashMap<>();

    public DefaultCommandGuard(Planner planner, ValueCodec codec, GuardMetrics metrics) {
        this.planner = planner;
        this.codec = codec;
        this.metrics = metrics;
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
        if (!(route instanceof CommandSpec)) {
            throw new IllegalArgumentException("route must come from this guard's route(String), but was " + route);
        }
        return planner.plan((CommandSpec) route, arguments);
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
