/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.spi.LoadedValue;
import io.github.redisguard.spi.LocalReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Builder;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.KeyValue;

/*
 * The local tier in Jedis's terms: the load script as a command, its raw reply as a LoadedValue, and the tier's reply
 * as the raw reply the command's own builder reads (bulk strings as byte[], arrays as lists; HGETALL as a list of
 * KeyValue on a RESP3 connection, as the server would send a map), so callers get what a round trip would give them.
 */
final class LocalReplies {

    private LocalReplies() {}

    /** {@code EVAL <script> 1 <key>}. */
    static CommandArguments load(byte[] script, byte[] key) {
        return new CommandArguments(Protocol.Command.EVAL).add(script).add(1).add(key);
    }

    /** Reads {@code [value-or-nil, pttl]} or {@code [[field, value...], pttl]} (a Lua false reads as nil). */
    static LoadedValue loaded(@Nullable Object reply, boolean hash) {
        if (!(reply instanceof List) || ((List<?>) reply).size() != 2) {
            throw new JedisException("the local tier's load script replied " + reply);
        }
        List<?> pair = (List<?>) reply;
        Object value = pair.get(0);
        long pttl = pair.get(1) instanceof Long ? (Long) pair.get(1) : -2;
        if (!hash) {
            return LoadedValue.string(value instanceof byte[] ? (byte[]) value : null, pttl);
        }
        List<byte[]> fields = new ArrayList<>();
        if (value instanceof List) {
            for (Object element : (List<?>) value) {
                if (element instanceof byte[]) {
                    fields.add((byte[]) element);
                } else if (element instanceof KeyValue) { // not sent by Redis 7 for a Lua table; kept for safety
                    KeyValue<?, ?> entry = (KeyValue<?, ?>) element;
                    fields.add((byte[]) entry.getKey());
                    fields.add((byte[]) entry.getValue());
                }
            }
        }
        return LoadedValue.hash(fields, pttl);
    }

    /**
     * Waits for the tier's reply and builds the command's value from it; a failed read throws what the load threw
     * (the server's or Jedis's exception, or the guard's {@code CorruptValueException}).
     */
    static <T> T build(
            CompletionStage<LocalReply> stage, Builder<T> builder, boolean hgetall, @Nullable RedisProtocol protocol) {
        LocalReply reply;
        try {
            reply = stage.toCompletableFuture().join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new JedisException(cause);
        }
        return builder.build(raw(reply, hgetall && protocol == RedisProtocol.RESP3));
    }

    private static @Nullable Object raw(LocalReply reply, boolean map) {
        if (!reply.isArray()) {
            return reply.bulk();
        }
        List<byte @Nullable []> elements = reply.elements();
        List<Object> out = new ArrayList<>(map ? elements.size() / 2 : elements.size());
        if (map) {
            for (int i = 0; i + 1 < elements.size(); i += 2) {
                out.add(new KeyValue<>(elements.get(i), elements.get(i + 1)));
            }
            return out;
        }
        out.addAll(elements);
        return out;
    }
}
