/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.lettuce.ClusterNodeGuards;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.NodeGuard;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionProvider;

/**
 * Hands out the factory's connections guarded: command connections are wrapped with {@link LettuceGuard} (with the
 * factory's memory breaker and local tier, when it has them); a cluster factory's cluster connections with the
 * cluster's node breakers ({@link ClusterNodeGuards}); pub/sub and Sentinel connections pass unchanged. Releasing a
 * guarded connection releases the original, so pools see the connections they made.
 */
final class GuardingConnectionProvider
        implements LettuceConnectionProvider, LettuceConnectionProvider.TargetAware, DisposableBean {

    private final LettuceConnectionProvider delegate;

    private final RedisGuard guard;

    private final @Nullable NodeGuard node;

    private final @Nullable LocalTier tier;

    private final @Nullable ClusterNodeGuards clusterNodes;

    // guarded -> original, for release; guarded proxies compare by identity
    private final Map<StatefulConnection<?, ?>, StatefulConnection<?, ?>> originals = new ConcurrentHashMap<>();

    GuardingConnectionProvider(
            LettuceConnectionProvider delegate, RedisGuard guard, @Nullable NodeGuard node, @Nullable LocalTier tier) {
        this.delegate = delegate;
        this.guard = guard;
        this.node = node;
        this.tier = tier;
        this.clusterNodes = null;
    }

    /** A cluster factory's provider: its cluster connections are guarded with {@code clusterNodes}. */
    GuardingConnectionProvider(LettuceConnectionProvider delegate, RedisGuard guard, ClusterNodeGuards clusterNodes) {
        this.delegate = delegate;
        this.guard = guard;
        this.node = null;
        this.tier = null;
        this.clusterNodes = clusterNodes;
    }

    @Override
    public <T extends StatefulConnection<?, ?>> T getConnection(Class<T> connectionType) {
        return guard(connectionType, delegate.getConnection(connectionType));
    }

    @Override
    public <T extends StatefulConnection<?, ?>> CompletionStage<T> getConnectionAsync(Class<T> connectionType) {
        return delegate.getConnectionAsync(connectionType).thenApply(c -> guard(connectionType, c));
    }

    @Override
    public <T extends StatefulConnection<?, ?>> T getConnection(Class<T> connectionType, RedisURI redisURI) {
        return guard(connectionType, targetAware().getConnection(connectionType, redisURI));
    }

    @Override
    public <T extends StatefulConnection<?, ?>> CompletionStage<T> getConnectionAsync(
            Class<T> connectionType, RedisURI redisURI) {
        return targetAware().getConnectionAsync(connectionType, redisURI).thenApply(c -> guard(connectionType, c));
    }

    @Override
    public void release(StatefulConnection<?, ?> connection) {
        delegate.release(original(connection));
    }

    @Override
    public CompletableFuture<Void> releaseAsync(StatefulConnection<?, ?> connection) {
        return delegate.releaseAsync(original(connection));
    }

    @Override
    public void destroy() throws Exception {
        if (delegate instanceof DisposableBean) {
            ((DisposableBean) delegate).destroy();
        }
    }

    private TargetAware targetAware() {
        if (delegate instanceof TargetAware) {
            return (TargetAware) delegate;
        }
        throw new UnsupportedOperationException("Connections to a given node are not supported by " + delegate);
    }

    @SuppressWarnings("unchecked")
    private <T extends StatefulConnection<?, ?>> T guard(Class<T> connectionType, T connection) {
        if (connection instanceof StatefulRedisClusterConnection && clusterNodes != null) {
            StatefulRedisClusterConnection<Object, Object> original =
                    (StatefulRedisClusterConnection<Object, Object>) connection;
            StatefulRedisClusterConnection<Object, Object> guarded = LettuceGuard.wrap(original, guard, clusterNodes);
            originals.put(guarded, original);
            return connectionType.cast(guarded);
        }
        if (!(connection instanceof StatefulRedisConnection) || connection instanceof StatefulRedisPubSubConnection) {
            return connection;
        }
        StatefulRedisConnection<Object, Object> original = (StatefulRedisConnection<Object, Object>) connection;
        StatefulRedisConnection<Object, Object> guarded;
        if (node == null) {
            guarded = LettuceGuard.wrap(original, guard);
        } else if (tier == null) {
            guarded = LettuceGuard.wrap(original, guard, node);
        } else {
            guarded = LettuceGuard.wrap(original, guard, node, tier);
        }
        originals.put(guarded, original);
        return connectionType.cast(guarded);
    }

    private StatefulConnection<?, ?> original(StatefulConnection<?, ?> connection) {
        StatefulConnection<?, ?> original = originals.remove(connection);
        return original != null ? original : connection;
    }

    @Override
    public String toString() {
        return "Guarding[" + delegate + "]";
    }
}
