/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.spi.LoadRequest;
import io.github.redisguard.spi.LoadedValue;
import io.github.redisguard.spi.LocalLoader;
import io.github.redisguard.spi.LocalReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;

/*
 * The seam for plain calls: UnifiedJedis hands every command to its executor, which borrows a connection from the
 * pool and calls executeCommand(CommandObject) on it. This is the one point that sees the whole CommandObject (name,
 * arguments, reply builder) in every Jedis version the adapter supports (a custom CommandExecutor would need a
 * UnifiedJedis constructor that differs between Jedis 7 and 8). Pipelines and transactions queue commands with
 * sendCommand instead, which stays untouched: GuardedPipeline and GuardedTransaction guard those.
 *
 * The local tier answers reads here before anything is sent; its loads run on this same connection (so a load sent
 * after this connection's write sees the write), synchronously: the reader waits for its reply anyway.
 */
final class GuardedConnection extends Connection {

    private final @Nullable CommandInterceptor interceptor;

    private final LocalLoader loader = new Loader();

    /** Set by SELECT: the tier holds one database's keys, so a connection that switched no longer reads from it. */
    private volatile boolean tierOff;

    GuardedConnection(HostAndPort hostAndPort, JedisClientConfig config, CommandInterceptor interceptor) {
        super(hostAndPort, config);
        this.interceptor = interceptor;
    }

    /** Stops reading from the local tier (the connection switched databases in a pipeline or transaction). */
    void tierOff() {
        tierOff = true;
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        CommandInterceptor guard = interceptor;
        if (guard == null) {
            return super.executeCommand(command); // the handshake, run from Connection's constructor
        }
        CommandInterceptor.Routed routed = guard.route(command);
        if (routed.tierArguments() != null) {
            if (routed.selects()) {
                tierOff = true;
            } else if (!tierOff) {
                CompletionStage<LocalReply> reply = guard.read(routed, loader);
                if (reply != null) {
                    return LocalReplies.build(
                            reply, command.getBuilder(), routed.route().name().equals("HGETALL"), getRedisProtocol());
                }
            }
            guard.invalidate(routed);
        }
        try {
            return send(guard, command, routed);
        } finally {
            guard.invalidate(routed); // again once completed: closes the window of a load that read the old value
        }
    }

    private <T> T send(CommandInterceptor guard, CommandObject<T> command, CommandInterceptor.Routed routed) {
        CommandInterceptor.Prepared<T> prepared = guard.prepare(command, routed);
        CommandObject<T> toSend = prepared.command();
        if (toSend == null) {
            return null; // dropped by the memory breaker: nothing sent, no value
        }
        if (prepared.completion() == null) {
            return super.executeCommand(toSend);
        }
        String error = null;
        try {
            return super.executeCommand(toSend);
        } catch (RuntimeException e) {
            error = String.valueOf(e.getMessage());
            throw e;
        } finally {
            guard.completed(prepared.completion(), error);
        }
    }

    /** Loads for the local tier on this connection, unguarded (the script only reads). */
    private final class Loader implements LocalLoader {

        @Override
        public CompletionStage<LoadedValue> load(LoadRequest request) {
            try {
                Object reply = executeCommand(LocalReplies.load(request.script(), request.key()));
                return CompletableFuture.completedFuture(LocalReplies.loaded(reply, request.hash()));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public boolean unreachable(Throwable error) {
            return error instanceof JedisConnectionException;
        }
    }
}
