/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.spi.NodeGuard;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisAdvancedClusterReactiveCommandsImpl;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The guarded cluster connection: a proxy that answers {@code sync()}, {@code async()}, {@code reactive()},
 * {@code dispatch(...)} and the per-node {@code getConnection...(...)} itself and hands every other call to the
 * application's cluster connection. Its command views are Lettuce's own cluster implementations built over this
 * proxy, so every command they create (multi-key commands split by slot included) comes back to
 * {@link GuardedDispatch}, before Lettuce's cluster writer routes it; redirects ({@code MOVED}, {@code ASK}) resend the
 * already guarded command below this seam. A node's connection is handed out guarded, with that node's breaker.
 */
final class GuardedClusterConnectionHandler<K, V> implements InvocationHandler {

    private final StatefulRedisClusterConnection<K, V> delegate;

    private final RedisGuard guard;

    private final ClusterNodes nodes;

    private final GuardedDispatch<K, V> dispatch;

    /** Whether closing the connection releases {@link #nodes} (connect), or the caller owns them (wrap). */
    private final boolean owned;

    // Set once by bind(), before the proxy is handed out.
    private GuardedConnectionHandler.Views views;

    private StatefulRedisClusterConnection<K, V> self;

    GuardedClusterConnectionHandler(
            StatefulRedisClusterConnection<K, V> delegate, RedisGuard guard, ClusterNodes nodes, boolean owned) {
        this.delegate = delegate;
        this.guard = guard;
        this.nodes = nodes;
        this.owned = owned;
        this.dispatch =
                new GuardedDispatch<>(delegate, guard.commandGuard(), key -> nodes.node(delegate.getPartitions(), key));
    }

    void bind(StatefulRedisClusterConnection<K, V> proxy) {
        this.self = proxy;
        GuardedClusterAsyncCommands<K, V> async = new GuardedClusterAsyncCommands<>(proxy);
        RedisAdvancedClusterReactiveCommandsImpl<K, V> reactive = new RedisAdvancedClusterReactiveCommandsImpl<>(
                proxy, delegate.getCodec(), delegate.getOptions().getJsonParser());
        InvocationHandler commands = new SyncInvocationHandler(proxy, async);
        InvocationHandler syncHandler = (view, method, args) ->
                method.getName().equals("getConnection") ? nodeSync(method, args) : commands.invoke(view, method, args);
        @SuppressWarnings("unchecked")
        RedisAdvancedClusterCommands<K, V> syncView = (RedisAdvancedClusterCommands<K, V>) Proxy.newProxyInstance(
                GuardedClusterConnectionHandler.class.getClassLoader(),
                new Class<?>[] {RedisAdvancedClusterCommands.class},
                syncHandler);
        this.views = new GuardedConnectionHandler.Views(syncView, async, reactive);
    }

    /** {@code sync().getConnection(...)}: the node's guarded connection's sync view, as Lettuce's does. */
    private Object nodeSync(Method method, Object[] args) throws Throwable {
        try {
            Method connection =
                    StatefulRedisClusterConnection.class.getMethod("getConnection", method.getParameterTypes());
            return ((StatefulRedisConnection<?, ?>) connection.invoke(self, args)).sync();
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "getConnection":
                return guarded((StatefulRedisConnection<K, V>) call(method, args), uri(args));
            case "getConnectionAsync":
                RedisURI uri = uri(args);
                CompletableFuture<@Nullable NodeGuard> node =
                        uri == null ? CompletableFuture.completedFuture(null) : nodes.openAsync(uri);
                return ((CompletableFuture<StatefulRedisConnection<K, V>>) call(method, args))
                        .thenCompose(connection ->
                                node.thenApply(breaker -> LettuceGuard.guardNode(connection, guard, breaker)));
            case "close":
            case "closeAsync":
                if (method.getParameterCount() == 0 && owned) {
                    nodes.close(); // releases the breakers: the last holder of a node stops its sampler
                }
                break;
            default:
                break;
        }
        return GuardedConnectionHandler.invokeCommon(proxy, delegate, dispatch, views, method, args);
    }

    private StatefulRedisConnection<K, V> guarded(StatefulRedisConnection<K, V> connection, @Nullable RedisURI uri) {
        return LettuceGuard.guardNode(connection, guard, uri == null ? null : nodes.open(uri));
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }

    /**
     * The node a {@code getConnection...(nodeId, ...)} or {@code (host, port, ...)} call names, as the topology has
     * it (with the seed's credentials), or null for a node outside the topology (Lettuce connects to one only when
     * told not to validate membership): its connection is guarded without a breaker.
     */
    private @Nullable RedisURI uri(Object[] args) {
        RedisClusterNode node = args.length >= 2 && args[1] instanceof Integer
                ? delegate.getPartitions().getPartition((String) args[0], (Integer) args[1])
                : delegate.getPartitions().getPartitionByNodeId((String) args[0]);
        return node == null ? null : node.getUri();
    }
}
