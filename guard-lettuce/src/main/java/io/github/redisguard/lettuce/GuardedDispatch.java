/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.GuardException;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.LocalReply;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.NodeGuard;
import io.github.redisguard.spi.ReplyDecoding;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.protocol.RedisStateMachine;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/*
 * The one seam: every command of the guarded sync, async and reactive views, and every command the application
 * dispatches itself, passes through dispatch(). The guard routes it by name; commands it must inspect have their
 * arguments read as wire bytes and are replaced by what the guard's plan says. A refusal completes the command
 * exceptionally without sending anything, so async callers get a failed future and reactive ones an error signal.
 *
 * The local tier sits in front: GET, MGET, HGET, HGETALL of tiered keys are offered to it first, and a reply it makes
 * from memory completes the command's own output as the server's reply would have (nothing is sent). Every other
 * command the tier inspects invalidates its keys before it is sent and again when it completes, before its caller
 * sees the reply (the second closes the window in which a concurrent load read the old value).
 *
 * On a cluster connection the breaker is the one of the primary that holds the command's first key (Breakers), and a
 * rewritten command keeps that key for Lettuce's routing (RoutedArgs): its new arguments are plain bytes.
 */
final class GuardedDispatch<K, V> {

    private static final ConcurrentMap<String, ProtocolKeyword> TYPES = new ConcurrentHashMap<>();

    private final StatefulConnection<K, V> connection;

    private final RedisCodec<K, V> codec;

    private final CommandGuard guard;

    private final @Nullable NodeGuard node;

    /** Null but on a cluster connection, where it picks the breaker by the command's first key. */
    private final @Nullable Breakers breakers;

    /** The standalone connection the tier's MULTI check and loads use; null on a cluster connection. */
    private final @Nullable StatefulRedisConnection<K, V> standalone;

    private final @Nullable LocalTier tier;

    private final @Nullable LettuceLoader<K, V> loader;

    /** Set by SELECT: the tier holds one database's keys, so a connection that switched no longer uses it. */
    private volatile boolean tierOff;

    /**
     * @param node the server's guard with its memory breaker, or null to plan without one
     * @param tier the server's local tier, or null for none
     * @param failFast whether tier loads fail at once while the connection is down (stale-if-error)
     */
    GuardedDispatch(
            StatefulRedisConnection<K, V> connection,
            CommandGuard guard,
            @Nullable NodeGuard node,
            @Nullable LocalTier tier,
            boolean failFast) {
        this(
                connection,
                connection,
                guard,
                node,
                null,
                tier,
                tier == null ? null : new LettuceLoader<>(connection, failFast));
    }

    /** A cluster connection's dispatch: no local tier, the breaker picked per command by {@code breakers}. */
    GuardedDispatch(StatefulConnection<K, V> connection, CommandGuard guard, Breakers breakers) {
        this(connection, null, guard, null, breakers, null, null);
    }

    private GuardedDispatch(
            StatefulConnection<K, V> connection,
            @Nullable StatefulRedisConnection<K, V> standalone,
            CommandGuard guard,
            @Nullable NodeGuard node,
            @Nullable Breakers breakers,
            @Nullable LocalTier tier,
            @Nullable LettuceLoader<K, V> loader) {
        this.connection = connection;
        this.standalone = standalone;
        this.codec = connection.getCodec();
        this.guard = guard;
        this.node = node;
        this.breakers = breakers;
        this.tier = tier;
        this.loader = loader;
    }

    /** Picks the breaker of the node that will run a command, from the command's first key. */
    interface Breakers {

        /**
         * Returns the guard of the node that holds {@code key}, or null to plan without a breaker (a node not sampled
         * yet). Never blocks.
         *
         * @param key the command's first key as encoded; read, not moved
         */
        @Nullable
        NodeGuard node(ByteBuffer key);
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
        List<byte[]> arguments = null;
        GuardedCommand.Completion invalidation = null;
        LocalTier tier = this.tier;
        if (tier != null && !tierOff && tier.inspects(route)) {
            if (route.name().equals("SELECT")) {
                tierOff = true;
            }
            arguments = command.getArgs() == null ? List.of() : LettuceArguments.toBytes(command.getArgs());
            if (loader != null && standalone != null && !standalone.isMulti()) {
                CompletionStage<LocalReply> reply = tier.read(route, arguments, loader);
                if (reply != null) {
                    serve(command, reply);
                    return null;
                }
            }
            List<byte[]> keys = arguments;
            tier.invalidate(route, keys);
            invalidation = error -> tier.invalidate(route, keys);
        }
        CommandPlan plan;
        NodeGuard node = this.node;
        ByteBuffer routingKey = null;
        if (route.inspectsArguments()) {
            if (breakers != null && command.getArgs() != null) {
                routingKey = command.getArgs().getFirstEncodedKey();
                node = routingKey == null ? null : breakers.node(routingKey);
            }
            try {
                if (arguments == null) {
                    arguments = command.getArgs() == null ? List.of() : LettuceArguments.toBytes(command.getArgs());
                }
                plan = node != null ? node.plan(route, arguments) : guard.plan(route, arguments);
            } catch (GuardException e) {
                command.completeExceptionally(e);
                return null;
            }
        } else if (route.replyDecoding() == ReplyDecoding.NONE && invalidation == null) {
            return command;
        } else {
            plan = CommandPlan.unchanged(route.replyDecoding());
        }
        if (plan.isDropped()) {
            command.complete();
            return null;
        }
        if (plan.isUnchanged()
                && plan.replyDecoding() == ReplyDecoding.NONE
                && plan.memoryBytes() == 0
                && invalidation == null) {
            return command;
        }
        ProtocolKeyword type = null;
        CommandArgs<K, V> args = null;
        if (!plan.isUnchanged()) {
            type = type(plan.command());
            CommandArgs<K, V> target =
                    routingKey == null ? new CommandArgs<>(codec) : new RoutedArgs<>(codec, routingKey);
            args = LettuceArguments.fromBytes(target, plan.arguments());
        }
        DecodingOutput<K, V, T> output = null;
        if (plan.replyDecoding() != ReplyDecoding.NONE && command.getOutput() != null) {
            output = new DecodingOutput<>(codec, command.getOutput(), plan.replyDecoding(), guard);
        }
        NodeGuard breaker = plan.memoryBytes() > 0 ? node : null;
        GuardedCommand.Completion completion;
        if (breaker == null) {
            completion = invalidation;
        } else if (invalidation == null) {
            completion = error -> breaker.completed(plan, error);
        } else {
            GuardedCommand.Completion invalidate = invalidation;
            completion = error -> {
                invalidate.completed(error);
                breaker.completed(plan, error);
            };
        }
        return new GuardedCommand<>(command, type, args, output, completion);
    }

    /** Completes the command with the tier's reply, as if the server had sent it. */
    private static <K, V, T> void serve(RedisCommand<K, V, T> command, CompletionStage<LocalReply> reply) {
        reply.whenComplete((local, error) -> {
            if (error != null) {
                command.completeExceptionally(
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                return;
            }
            try {
                CommandOutput<K, V, T> output = command.getOutput();
                if (output != null) {
                    render(local, output);
                }
                command.complete();
            } catch (RuntimeException e) {
                command.completeExceptionally(e);
            }
        });
    }

    private static void render(LocalReply reply, CommandOutput<?, ?, ?> output) {
        if (!reply.isArray()) {
            byte[] bulk = reply.bulk();
            output.set(bulk == null ? null : ByteBuffer.wrap(bulk));
            return;
        }
        // Arrays go through Lettuce's own RESP decoder, so every output type (lists, key-value lists, maps,
        // streaming channels, reactive subscribers) receives them exactly as from the server.
        List<byte[]> elements = reply.elements();
        int size = 16;
        for (byte[] element : elements) {
            size += 16 + (element == null ? 0 : element.length);
        }
        ByteBuf buf = LettuceArguments.HEAP.heapBuffer(size);
        try {
            buf.writeByte('*').writeCharSequence(Integer.toString(elements.size()), StandardCharsets.US_ASCII);
            buf.writeByte('\r').writeByte('\n');
            for (byte[] element : elements) {
                if (element == null) {
                    buf.writeCharSequence("$-1\r\n", StandardCharsets.US_ASCII);
                    continue;
                }
                buf.writeByte('$').writeCharSequence(Integer.toString(element.length), StandardCharsets.US_ASCII);
                buf.writeByte('\r').writeByte('\n');
                buf.writeBytes(element);
                buf.writeByte('\r').writeByte('\n');
            }
            new RedisStateMachine().decode(buf, output);
        } finally {
            buf.release();
        }
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
