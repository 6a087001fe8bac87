/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.spi.LoadRequest;
import io.github.redisguard.spi.LoadedValue;
import io.github.redisguard.spi.LocalLoader;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Loads keys for the local tier on the application's connection (so a load sent after the application's own write
 * on that connection sees the write): {@code EVAL <script> 1 <key>}, value and PTTL in one reply.
 */
final class LettuceLoader<K, V> implements LocalLoader {

    private final StatefulRedisConnection<K, V> connection;

    private final RedisCodec<K, V> codec;

    private final boolean failFast;

    /**
     * @param failFast whether a load fails at once while the connection is down (for stale-if-error), instead of
     *     waiting in Lettuce's queue for the reconnect
     */
    LettuceLoader(StatefulRedisConnection<K, V> connection, boolean failFast) {
        this.connection = connection;
        this.codec = connection.getCodec();
        this.failFast = failFast;
    }

    @Override
    public CompletionStage<LoadedValue> load(LoadRequest request) {
        if (failFast && !connection.isOpen()) {
            return CompletableFuture.failedFuture(new RedisConnectionException("the connection is not open"));
        }
        CommandArgs<K, V> args =
                new CommandArgs<>(codec).add(request.script()).add(1).add(request.key());
        AsyncCommand<K, V, LoadedValue> command =
                new AsyncCommand<>(new Command<>(CommandType.EVAL, new LoadOutput<>(codec, request.hash()), args));
        connection.dispatch(command);
        return command;
    }

    @Override
    public boolean unreachable(Throwable error) {
        if (error instanceof RedisConnectionException
                || error instanceof RedisCommandTimeoutException
                || error instanceof IOException) {
            return true;
        }
        // Lettuce fails queued commands with a plain RedisException when the connection closes.
        return error instanceof RedisException
                && error.getMessage() != null
                && error.getMessage().startsWith("Connection");
    }

    /** Reads {@code [value-or-nil, pttl]} or {@code [[field, value...], pttl]}. */
    static final class LoadOutput<K, V> extends CommandOutput<K, V, LoadedValue> {

        private final boolean hash;

        private int arrays;

        private byte @Nullable [] value;

        private final List<byte[]> fields = new ArrayList<>();

        private long pttl = -2;

        LoadOutput(RedisCodec<K, V> codec, boolean hash) {
            super(codec, null);
            this.hash = hash;
        }

        @Override
        public void set(@Nullable ByteBuffer bytes) {
            byte[] copy = null;
            if (bytes != null) {
                copy = new byte[bytes.remaining()];
                bytes.duplicate().get(copy);
            }
            if (arrays >= 2 && copy != null) {
                fields.add(copy);
            } else {
                value = copy;
            }
        }

        @Override
        public void set(boolean flag) {
            value = null; // Lua false: no such key
        }

        @Override
        public void set(long integer) {
            pttl = integer;
        }

        @Override
        public void multi(int count) {
            arrays++;
        }

        @Override
        public LoadedValue get() {
            return hash ? LoadedValue.hash(fields, pttl) : LoadedValue.string(value, pttl);
        }
    }
}
