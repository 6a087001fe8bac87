/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

/**
 * The memory breakers of one Redis Cluster's nodes, one per node, for guarding cluster connections that a framework
 * opens and pools itself (the Spring Boot starter): obtained once from
 * {@link LettuceGuard#clusterNodes(io.lettuce.core.cluster.RedisClusterClient, io.github.redisguard.RedisGuard)} and
 * passed to {@link LettuceGuard#wrap(io.lettuce.core.cluster.api.StatefulRedisClusterConnection,
 * io.github.redisguard.RedisGuard, ClusterNodeGuards)} for each connection. Every connection wrapped with it shares its
 * breakers, and with them one sampling connection per node.
 *
 * <p>Owned by the caller, who closes it when it wraps no more connections and before the cluster client shuts down
 * (the sampling connections use the client's resources). Closing releases the guard's hold on every node (the last
 * holder of a node stops its sampler); connections wrapped with it keep working and are guarded without a breaker
 * from then on. Closing the wrapped connections does not close it. Thread-safe; {@link #close()} is idempotent.
 */
public final class ClusterNodeGuards implements AutoCloseable {

    private final ClusterNodes nodes;

    ClusterNodeGuards(ClusterNodes nodes) {
        this.nodes = nodes;
    }

    ClusterNodes nodes() {
        return nodes;
    }

    /** Releases the guard's hold on every node this set samples; idempotent. */
    @Override
    public void close() {
        nodes.close();
    }
}
