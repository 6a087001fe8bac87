/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/*
 * The seam for plain calls: UnifiedJedis hands every command to its executor, which borrows a connection from the
 * pool and calls executeCommand(CommandObject) on it. This is the one point that sees the whole CommandObject (name,
 * arguments, reply builder) in every Jedis version the adapter supports (a custom CommandExecutor would need a
 * UnifiedJedis constructor that differs between Jedis 7 and 8). Pipelines and transactions queue commands with
 * sendCommand instead, which stays untouched: GuardedPipeline and GuardedTransaction guard those.
 */
final class GuardedConnection extends Connection {

    private final @Nullable CommandInterceptor interceptor;

    GuardedConnection(HostAndPort hostAndPort, JedisClientConfig config, CommandInterceptor interceptor) {
        super(hostAndPort, config);
        this.interceptor = interceptor;
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        CommandInterceptor guard = interceptor;
        if (guard == null) {
            return super.executeCommand(command); // the handshake, run from Connection's constructor
        }
        CommandInterceptor.Prepared<T> prepared = guard.prepare(command);
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
}
