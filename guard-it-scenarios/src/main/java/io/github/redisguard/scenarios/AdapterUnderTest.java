/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A client adapter as the shared scenarios drive it: raw and guarded clients of one client library, commands sent by
 * name through the adapter's real seams.
 *
 * <p>Replies come back in one shape whatever the library: {@code byte[]} for bulk and status strings, {@code Long}
 * for integers, {@code List<Object>} for arrays and maps (maps flattened to key, value, key, value...), {@code null}
 * for nil. Errors of the server and refusals of the guard are thrown as the library or the guard throws them.
 */
public interface AdapterUnderTest {

    /** Returns the library and version under test, e.g. {@code Jedis 8.0.2}. */
    String name();

    /** Opens a client without the guard. */
    Client raw(RedisServer server);

    /** Opens a client guarded by {@code guard}, memory breaker included. */
    Client guarded(RedisServer server, RedisGuard guard);

    /**
     * Opens the library's Redis Cluster client without the guard. Its {@link Client#call call} routes each command by
     * its first argument (the key); a cluster client need not pipeline, run transactions or flood.
     */
    Client rawCluster(RedisCluster cluster);

    /** Opens the adapter's guarded Redis Cluster client (a memory breaker per node); see {@link #rawCluster}. */
    Client guardedCluster(RedisCluster cluster, RedisGuard guard);

    /** One client; not thread-safe as far as the scenarios are concerned. */
    interface Client extends AutoCloseable {

        /**
         * Sends one command as an application would, and returns its reply.
         *
         * @param arguments the arguments after the name: {@code String}, {@code byte[]} or numbers
         */
        @Nullable
        Object call(String command, Object... arguments);

        /**
         * Sends the commands in one pipeline and returns their replies in order; a command that failed (server
         * error, or refused by the guard) has its exception in its place.
         */
        List<@Nullable Object> pipelined(List<Command> commands);

        /**
         * Sends the commands in one MULTI/EXEC transaction and returns one reply per command, in order: its reply in
         * EXEC's, the exception of a command the guard refused at once (not part of the transaction), {@code null}
         * for a command the guard dropped.
         *
         * @throws RuntimeException the library's exception when EXEC fails as a whole (e.g. {@code EXECABORT})
         */
        List<@Nullable Object> transaction(List<Command> commands);

        /**
         * SETs {@code count} values of {@code size} bytes to {@code prefix + i}, as fast as the client can (async or
         * pipelined), at most {@code inFlight} at a time, and counts what became of each write.
         */
        Flood flood(String prefix, int count, int size, int inFlight);

        @Override
        void close();
    }

    /** A command by name and arguments. */
    record Command(String name, Object... arguments) {

        public static Command of(String name, Object... arguments) {
            return new Command(name, arguments);
        }
    }
}
