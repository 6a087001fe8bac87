/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;

/*
 * Jedis 8 runs a CommandObject's pre-process hooks on the connection before sending it; its cluster executor answers
 * an ASK redirect with a copy of the command whose hook sends ASKING. A command the guard rewrites is a new
 * CommandObject, so it carries the original's hooks over, or the target node would answer the rewritten command with
 * MOVED and the client would run out of attempts (SEAMS.md). Jedis keeps the hooks' getter package-private: this is
 * the adapter's one use of reflection, isolated here. Jedis 7.4 has no hooks (and no getter): nothing to carry.
 */
final class PreProcessHooks {

    private static final @Nullable MethodHandle GETTER = getter();

    private PreProcessHooks() {}

    /** Returns {@code rewritten} with the pre-process hooks of {@code original}, in order (itself when none). */
    static <T> CommandObject<T> carry(CommandObject<?> original, CommandObject<T> rewritten) {
        if (GETTER == null) {
            return rewritten;
        }
        List<Consumer<Connection>> hooks = hooks(original);
        CommandObject<T> out = rewritten;
        for (Consumer<Connection> hook : hooks) {
            out = out.withPreProcessHook(hook);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Consumer<Connection>> hooks(CommandObject<?> command) {
        try {
            List<Consumer<Connection>> hooks = (List<Consumer<Connection>>) GETTER.invoke(command);
            return hooks == null ? List.of() : hooks;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("reading a Jedis command's pre-process hooks failed", e);
        }
    }

    private static @Nullable MethodHandle getter() {
        try {
            return MethodHandles.privateLookupIn(CommandObject.class, MethodHandles.lookup())
                    .findVirtual(CommandObject.class, "getPreProcessHooks", MethodType.methodType(List.class));
        } catch (NoSuchMethodException e) {
            return null; // Jedis 7: commands have no hooks
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(new IllegalStateException(
                    "Redis Guard cannot read the pre-process hooks of Jedis commands (Jedis 8 sends ASKING with one);"
                            + " if Jedis runs as a named module, open redis.clients.jedis to Redis Guard",
                    e));
        }
    }
}
