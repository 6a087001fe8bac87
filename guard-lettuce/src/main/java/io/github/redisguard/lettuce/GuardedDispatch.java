/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.GuardException;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.NodeGuard;
import io.github.redisguard.spi.ReplyDecoding;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/*
 * The one seam: every command of the guarded sync, async and reactive views, and every command the application
 * dispatches itself, passes through dispatch(). The guard routes it by name; commands it must inspect have their
 * arguments read as wire bytes and are replaced by what the guard's plan says. A refusal completes the command
 * exceptionally without sending anything, so async callers get a failed future and reactive ones an error signal.
 */
final class GuardedDispatch<K, V> {

    private static final ConcurrentMap<String, ProtocolKeyword> TYPES = new ConcurrentHashMap<>();

    private final StatefulRedisConnection<K, V> connection;

    private final RedisCodec<K, V> codec;

    private final CommandGuard guard;

    private final @Nullable NodeGuard node;

    /**
     * @param node the server's guard with its memory breaker, or null to plan without one
     */
    GuardedDispatch(StatefulRedisConnection<K, V> connection, CommandGuard guard, @Nullable NodeGuard node) {
        this.connection = connection;
        this.codec = connection.getCodec();
        this.guard = guard;
        this.node = node;
    }

    <T> RedisCommand<K, V, T> dispatch(RedisCommand<K, V, T> command) {
        RedisCommand<K, V, T> guarded = guard(command);
        if (guarded == null) {
            return command;
        }
        try {
            return connection.dispatch(guarded);
        } catch (RuntimeException e) {
            guarded.completeExceptionally(e); // reports the write's bytes as resolved to the breaker
            throw e;
        }
    }

    Collection<RedisCommand<K, V, ?>> dispatch(Collection<? extends RedisCommand<K, V, ?>> commands) {
        List<RedisCommand<K, V, ?>> toSend = new ArrayList<>(commands.size());
        for (RedisCommand<K, V, ?> command : commands) {
            RedisCommand<K, V, ?> guarded = guard(command);
            if (guarded != null) {
                toSend.add(guarded);
            }
        }
        connection.dispatch(toSend);
        return new ArrayList<>(commands);
    }

    /**
     * Returns what to send for the command, or null when nothing is to be sent: the guard refused or shed it (the
     * command is then failed) or dropped it (the command is then completed without a value).
     */
    private <T> @Nullable RedisCommand<K, V, T> guard(RedisCommand<K, V, T> command) {
        CommandRoute route = guard.route(command.getType().toString());
        CommandPlan plan;
        if (route.inspectsArguments()) {
            try {
                List<byte[]> arguments =
                        command.getArgs() == null ? List.of() : LettuceArguments.toBytes(command.getArgs());
                plan = node != null ? node.plan(route, arguments) : guard.plan(route, arguments);
            } catch (GuardException e) {
                command.completeExceptionally(e);
                return null;
            }
        } else if (route.replyDecoding() == ReplyDecoding.NONE) {
            return command;
        } else {
            plan = CommandPlan.unchanged(route.replyDecoding());
        }
        if (plan.isDropped()) {
            command.complete();
            return null;
        }
        if (plan.isUnchanged() && plan.replyDecoding() == ReplyDecoding.NONE && plan.memoryBytes() == 0) {
            return command;
        }
        ProtocolKeyword type = null;
        CommandArgs<K, V> args = null;
        if (!plan.isUnchanged()) {
            type = type(plan.command());
            args = LettuceArguments.fromBytes(new CommandArgs<>(codec), plan.arguments());
        }
        DecodingOutput<K, V, T> output = null;
        if (plan.replyDecoding() != ReplyDecoding.NONE && command.getOutput() != null) {
            output = new DecodingOutput<>(codec, command.getOutput(), plan.replyDecoding(), guard);
        }
        NodeGuard completion = plan.memoryBytes() > 0 ? node : null;
        return new GuardedCommand<>(
                command, type, args, output, completion == null ? null : error -> completion.completed(plan, error));
    }

    private static ProtocolKeyword type(String name) {
        return TYPES.computeIfAbsent(name, GuardedDispatch::lookup);
    }

    private static ProtocolKeyword lookup(String name) {
        try {
            return CommandType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            return new ProtocolKeyword() {
                @Override
                public byte[] getBytes() {
                    return bytes;
                }

                @Override
                public String toString() {
                    return name;
                }
            };
        }
    }
}
