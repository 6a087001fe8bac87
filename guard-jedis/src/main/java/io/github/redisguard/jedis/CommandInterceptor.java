/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.LocalLoader;
import io.github.redisguard.spi.LocalReply;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.NodeGuard;
import io.github.redisguard.spi.ReplyDecoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.Rawable;
import redis.clients.jedis.commands.ProtocolCommand;

/*
 * The one translation from Jedis to the guard, used by every seam of the adapter (plain calls on a pooled
 * connection, pipelines, transactions): a CommandObject is routed by its command name; when the guard inspects the
 * arguments, their wire bytes are planned by the server's NodeGuard and the plan becomes a new CommandObject whose
 * builder decodes stored values before the application's builder sees them. The rewritten command replies what the
 * original would have, so the original builder fits.
 *
 * The local tier sits in front: a command it inspects has its arguments read once (shared with the plan); plain
 * calls offer GET, MGET, HGET, HGETALL to it first, and every command it inspects invalidates its keys before it is
 * sent and again once it completed, before its caller sees the reply (pipelines and transactions: when their replies
 * are in).
 */
final class CommandInterceptor {

    private static final ConcurrentMap<String, ProtocolCommand> COMMANDS = new ConcurrentHashMap<>();

    private final CommandGuard guard;

    private final NodeGuard node;

    private final LocalTier tier;

    /**
     * @param tier the server's local tier ({@code LocalTiers.DISABLED}-like when off: it inspects nothing)
     */
    CommandInterceptor(CommandGuard guard, NodeGuard node, LocalTier tier) {
        this.guard = guard;
        this.node = node;
        this.tier = tier;
    }

    /**
     * Takes the guard's hold on one server for a client of it: the node's memory breaker (its sampler on a connection
     * of the guard's own, shared by every client of the guard for that server) and local tier (its tracking
     * connection), released by {@link #close()}.
     *
     * @throws redis.clients.jedis.exceptions.JedisConnectionException if the server cannot be reached
     */
    static CommandInterceptor open(CommandGuard guard, HostAndPort hostAndPort, JedisClientConfig config) {
        NodeGuard node = guard.node(hostAndPort.toString(), () -> new JedisSampler(hostAndPort, config));
        try {
            String database = config.getDatabase() == 0 ? "" : "/" + config.getDatabase();
            LocalTier tier = guard.localTier(hostAndPort + database, new JedisTracking(hostAndPort, config));
            return new CommandInterceptor(guard, node, tier);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** Releases the hold {@link #open} took: the local tier, then the node. */
    void close() {
        try {
            tier.close();
        } finally {
            node.close();
        }
    }

    NodeGuard node() {
        return node;
    }

    LocalTier tier() {
        return tier;
    }

    /** Routes a command by name: call once per command sent (unknown commands are counted). */
    Routed route(CommandObject<?> command) {
        CommandArguments arguments = command.getArguments();
        CommandRoute route = guard.route(name(arguments));
        return new Routed(route, tier.inspects(route) ? bytes(arguments) : null);
    }

    /**
     * Returns the tier's reply to a read, or null when the tier does not serve it (send it then). Only for plain
     * calls: not for commands queued in a pipeline or inside MULTI.
     */
    @Nullable
    CompletionStage<LocalReply> read(Routed routed, LocalLoader loader) {
        List<byte[]> arguments = routed.tierArguments();
        return arguments == null ? null : tier.read(routed.route(), arguments, loader);
    }

    /** Drops from the tier the keys the command may change; nothing when the tier does not inspect it. */
    void invalidate(Routed routed) {
        List<byte[]> arguments = routed.tierArguments();
        if (arguments != null) {
            tier.invalidate(routed.route(), arguments);
        }
    }

    /**
     * Returns what to send for {@code command}, already routed.
     *
     * @throws io.github.redisguard.GuardException if the guard refuses or sheds the write; nothing must be sent then
     */
    <T> Prepared<T> prepare(CommandObject<T> command, Routed routed) {
        CommandArguments arguments = command.getArguments();
        CommandRoute route = routed.route();
        if (!route.inspectsArguments()) {
            if (route.replyDecoding() == ReplyDecoding.NONE) {
                return new Prepared<>(command, null);
            }
            return new Prepared<>(
                    PreProcessHooks.carry(
                            command,
                            new CommandObject<>(
                                    arguments,
                                    ReplyDecoder.decoding(command.getBuilder(), route.replyDecoding(), guard))),
                    null);
        }
        List<byte[]> bytes = routed.tierArguments();
        CommandPlan plan = node.plan(route, bytes != null ? bytes : bytes(arguments));
        if (plan.isDropped()) {
            return new Prepared<>(null, null);
        }
        CommandPlan completion = plan.memoryBytes() > 0 ? plan : null;
        if (plan.isUnchanged() && plan.replyDecoding() == ReplyDecoding.NONE) {
            return new Prepared<>(command, completion);
        }
        CommandArguments toSend = plan.isUnchanged() ? arguments : arguments(plan, arguments.isBlocking());
        return new Prepared<>(
                PreProcessHooks.carry(
                        command,
                        new CommandObject<>(
                                toSend,
                                plan.replyDecoding() == ReplyDecoding.NONE
                                        ? command.getBuilder()
                                        : ReplyDecoder.decoding(command.getBuilder(), plan.replyDecoding(), guard))),
                completion);
    }

    /** Reports that a write the breaker counts completed; {@code error} is the server's (or the client's) message. */
    void completed(@Nullable CommandPlan plan, @Nullable String error) {
        if (plan == null) {
            return;
        }
        try {
            node.completed(plan, error);
        } catch (RuntimeException e) {
            // A side channel never fails a command.
        }
    }

    private static String name(CommandArguments arguments) {
        ProtocolCommand command = arguments.getCommand();
        if (command instanceof Protocol.Command) {
            // Its raw bytes are its constant name, whose hash is computed once: no String per command.
            return ((Protocol.Command) command).name();
        }
        return new String(command.getRaw(), StandardCharsets.US_ASCII);
    }

    private static List<byte[]> bytes(CommandArguments arguments) {
        List<byte[]> out = new ArrayList<>(arguments.size() - 1);
        boolean first = true;
        for (Rawable argument : arguments) {
            if (first) {
                first = false;
                continue;
            }
            out.add(argument.getRaw());
        }
        return out;
    }

    private static CommandArguments arguments(CommandPlan plan, boolean blocking) {
        CommandArguments arguments = new CommandArguments(command(plan.command()));
        for (byte[] argument : plan.arguments()) {
            arguments.add(argument);
        }
        return blocking ? arguments.blocking() : arguments;
    }

    private static ProtocolCommand command(String name) {
        return COMMANDS.computeIfAbsent(name, CommandInterceptor::lookup);
    }

    private static ProtocolCommand lookup(String name) {
        try {
            return Protocol.Command.valueOf(name);
        } catch (IllegalArgumentException e) {
            byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
            return () -> raw;
        }
    }

    /**
     * A routed command: its route, and its arguments as wire bytes when the local tier inspects it (else null).
     */
    record Routed(CommandRoute route, @Nullable List<byte[]> tierArguments) {

        /** Whether the command switches the connection's database (the tier holds one database's keys). */
        boolean selects() {
            return tierArguments != null && route.name().equals("SELECT");
        }
    }

    /**
     * What to send: {@code command} is null when the write was dropped (send nothing, reply null); {@code completion}
     * is the plan to report to the breaker once the write completed, null when there is none to report.
     */
    record Prepared<T>(
            @Nullable CommandObject<T> command, @Nullable CommandPlan completion) {

        boolean dropped() {
            return command == null;
        }
    }
}
