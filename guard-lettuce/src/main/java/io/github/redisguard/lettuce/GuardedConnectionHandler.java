/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.NodeGuard;
import io.lettuce.core.RedisAsyncCommandsImpl;
import io.lettuce.core.RedisReactiveCommandsImpl;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.protocol.RedisCommand;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The guarded connection: a proxy that answers {@code sync()}, {@code async()}, {@code reactive()} and
 * {@code dispatch(...)} itself and hands every other call to the application's connection. Its command views are
 * Lettuce's own implementations, built over this proxy, so every command they create comes back to
 * {@link GuardedDispatch}.
 */
final class GuardedConnectionHandler<K, V> implements InvocationHandler {

    private final StatefulRedisConnection<K, V> delegate;

    private final GuardedDispatch<K, V> dispatch;

    // Set once by bind(), before the proxy is handed out.
    private Views views;

    // Closed with the connection when the connection owns them (LettuceGuard.connect), else the caller's.
    private final @Nullable NodeGuard node;

    private final boolean owned;

    private final @Nullable LocalTier tier;

    GuardedConnectionHandler(
            StatefulRedisConnection<K, V> delegate,
            RedisGuard guard,
            @Nullable NodeGuard node,
            boolean owned,
            @Nullable LocalTier tier) {
        this.delegate = delegate;
        this.node = node;
        this.owned = owned;
        this.tier = tier;
        boolean failFast = !guard.config().localTier().staleIfError().isZero();
        this.dispatch = new GuardedDispatch<>(delegate, guard.commandGuard(), node, tier, failFast);
    }

    void bind(StatefulRedisConnection<K, V> proxy) {
        RedisAsyncCommandsImpl<K, V> async = new RedisAsyncCommandsImpl<>(
                proxy, delegate.getCodec(), delegate.getOptions().getJsonParser());
        RedisReactiveCommandsImpl<K, V> reactive = new RedisReactiveCommandsImpl<>(
                proxy, delegate.getCodec(), delegate.getOptions().getJsonParser());
        @SuppressWarnings("unchecked")
        RedisCommands<K, V> syncView = (RedisCommands<K, V>) Proxy.newProxyInstance(
                GuardedConnectionHandler.class.getClassLoader(),
                new Class<?>[] {RedisCommands.class, RedisClusterCommands.class},
                new SyncInvocationHandler(proxy, async));
        this.views = new Views(syncView, async, reactive);
    }

    @Override
    public @Nullable Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "close":
            case "closeAsync":
                if (method.getParameterCount() == 0 && node != null && owned) {
                    node.close(); // releases the memory breaker's sampler when this was its last connection
                }
                if (method.getParameterCount() == 0 && tier != null && owned) {
                    tier.close(); // closes the tier's tracking connection when this was its last connection
                }
                break;
            default:
                break;
        }
        return invokeCommon(self, delegate, dispatch, views, method, args);
    }

    /** The command views a guarded connection hands out, each built over the guarded connection. */
    record Views(Object sync, Object async, Object reactive) {}

    /**
     * Answers what every guarded connection (standalone, cluster) answers alike: its command views, {@code
     * dispatch(...)} through the guard, identity and {@code toString} of the proxy; every other call goes to the
     * application's connection.
     */
    @SuppressWarnings("unchecked")
    static <K, V> @Nullable Object invokeCommon(
            Object self, Object delegate, GuardedDispatch<K, V> dispatch, Views views, Method method, Object[] args)
            throws Throwable {
        switch (method.getName()) {
            case "sync":
                if (method.getParameterCount() == 0) {
                    return views.sync();
                }
                break;
            case "async":
                if (method.getParameterCount() == 0) {
                    return views.async();
                }
                break;
            case "reactive":
                if (method.getParameterCount() == 0) {
                    return views.reactive();
                }
                break;
            case "dispatch":
                if (args.length == 1 && args[0] instanceof RedisCommand) {
                    return dispatch.dispatch((RedisCommand<K, V, Object>) args[0]);
                }
                if (args.length == 1 && args[0] instanceof Collection) {
                    return dispatch.dispatch((Collection<? extends RedisCommand<K, V, ?>>) args[0]);
                }
                break;
            case "equals":
                if (args.length == 1) {
                    return self == args[0];
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(self);
                }
                break;
            case "toString":
                if (method.getParameterCount() == 0) {
                    return "Guarded[" + delegate + "]";
                }
                break;
            default:
                break;
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
