/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ClusterNodeResourceProvider;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionProvider;

/*
 * The node connections of a guarded Lettuce cluster factory, for Spring's ClusterCommandExecutor (commands Spring runs
 * on a given node: keyless and broadcast server commands, multi-key commands split by node, raw execute(...) with a
 * key). As Spring's own provider (LettuceConnection's package-private LettuceClusterNodeResourceProvider, which the
 * factory builds over its unguarded provider before the guard is in place), it takes one cluster connection from the
 * factory's provider, here the guarding one, and asks it for the node's connection: the guarded cluster connection
 * hands it back guarded, with that node's breaker.
 */
final class GuardedLettuceClusterNodes implements ClusterNodeResourceProvider, DisposableBean {

    private final Lock lock = new ReentrantLock();

    private final LettuceConnectionProvider provider;

    private volatile @Nullable StatefulRedisClusterConnection<byte[], byte[]> connection;

    GuardedLettuceClusterNodes(LettuceConnectionProvider provider) {
        this.provider = provider;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> S getResourceForSpecificNode(RedisClusterNode node) {
        StatefulRedisClusterConnection<byte[], byte[]> cluster = connection;
        if (cluster == null) {
            lock.lock();
            try {
                cluster = connection;
                if (cluster == null) {
                    cluster = provider.getConnection(StatefulRedisClusterConnection.class);
                    connection = cluster;
                }
            } finally {
                lock.unlock();
            }
        }
        RedisClusterCommands<byte[], byte[]> commands = cluster.getConnection(
                        node.getRequiredHost(), node.getRequiredPort())
                .sync();
        return (S) commands;
    }

    @Override
    public void returnResourceForSpecificNode(RedisClusterNode node, Object resource) {}

    @Override
    public void destroy() {
        StatefulRedisClusterConnection<byte[], byte[]> cluster = connection;
        connection = null;
        if (cluster != null) {
            provider.release(cluster);
        }
    }
}
