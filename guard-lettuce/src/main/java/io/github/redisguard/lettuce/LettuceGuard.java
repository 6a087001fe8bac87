/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.RedisGuard;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Guards Lettuce connections.
 *
 * {@snippet :
 * RedisGuard guard = RedisGuard.create(GuardConfig.builder()
 *         .defaultTtl(Duration.ofHours(1))
 *         .rule(KeyRule.builder("session:*").defaultTtl(Duration.ofMinutes(30)).build())
 *         .build());
 * StatefulRedisConnection<String, String> connection = LettuceGuard.wrap(client.connect(), guard);
 * connection.sync().set("session:42", "...");   // sent as SET session:42 ... PX 1800000
 * }
 *
 * <p>The returned connection is the application's connection seen through the guard: its {@code sync()},
 * {@code async()} and {@code reactive()} views, and {@code dispatch(...)}, send every command through the guard; every
 * other method (close, timeouts, listeners, auto-flush) is the original's. Closing either closes both. The original
 * connection stays usable and unguarded: hand out only the guarded one.
 *
 * <p>What the guard does to each command is Redis Guard's decision, the same for every client: see the project's
 * documentation. Refused writes fail with a {@link io.github.redisguard.GuardException} (thrown by {@code sync()},
 * a failed future from {@code async()}, an error signal from {@code reactive()}) and nothing is sent. Exceptions of
 * Lettuce and of the server pass through unchanged.
 *
 * <p>Thread-safe as Lettuce connections are: any number of threads may share the guarded connection.
 */
public final class LettuceGuard {

    private LettuceGuard() {}

    /**
     * Returns {@code connection} guarded by {@code guard}.
     *
     * @param connection a standalone (or master/replica) connection; not a pub/sub connection
     * @param guard the guard to apply; may be shared by any number of connections
     * @return a connection of the same interfaces whose commands pass through the guard
     * @throws IllegalArgumentException if the connection is a pub/sub connection or is already guarded
     */
    @SuppressWarnings("unchecked")
    public static <K, V> StatefulRedisConnection<K, V> wrap(
            StatefulRedisConnection<K, V> connection, RedisGuard guard) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(guard, "guard");
        if (connection instanceof StatefulRedisPubSubConnection) {
            throw new IllegalArgumentException(
                    "connection must not be a pub/sub connection (its messages carry no keys to guard), but was "
                            + connection.getClass().getName());
        }
        if (Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof GuardedConnectionHandler) {
            throw new IllegalArgumentException("connection must not be guarded already, but was " + connection);
        }
        GuardedConnectionHandler<K, V> handler = new GuardedConnectionHandler<>(connection, guard);
        StatefulRedisConnection<K, V> proxy = (StatefulRedisConnection<K, V>)
                Proxy.newProxyInstance(LettuceGuard.class.getClassLoader(), interfaces(connection.getClass()), handler);
        handler.bind(proxy);
        return proxy;
    }

    /** The connection interfaces the original implements (e.g. master/replica), so the proxy can stand in for it. */
    private static Class<?>[] interfaces(Class<?> type) {
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        interfaces.add(StatefulRedisConnection.class);
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (StatefulRedisConnection.class.isAssignableFrom(i) && Modifier.isPublic(i.getModifiers())) {
                    interfaces.add(i);
                }
            }
        }
        return interfaces.toArray(new Class<?>[0]);
    }
}
