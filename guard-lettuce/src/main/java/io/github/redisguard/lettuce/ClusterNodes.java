/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.NodeGuard;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The memory breakers of a cluster's nodes, one per node (host:port), each sampled on a connection of the guard's own:
 * held by one guarded cluster connection (LettuceGuard.connect) or shared by every connection a framework wraps with
 * it (LettuceGuard.wrap with ClusterNodeGuards). A command's breaker is the one of the primary that holds its first
 * key's slot in its connection's current topology (the partitions Lettuce routes by). connect samples every primary
 * before it returns; a node first seen later (topology change, or a wrapped connection's nodes) is sampled on a thread
 * of its own, and its writes plan without a breaker until then, so no write waits for a sampling connection to open.
 */
final class ClusterNodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNodes.class);

    private final CommandGuard guard;

    private final ClientResources resources;

    private final ClientOptions options;

    private final ConcurrentMap<String, NodeGuard> nodes = new ConcurrentHashMap<>();

    private final Set<String> opening = ConcurrentHashMap.newKeySet();

    private volatile boolean closed;

    /**
     * @param resources the cluster client's resources, shared by the sampling connections
     * @param options the options of the sampling connections (socket, SSL, timeouts)
     */
    ClusterNodes(CommandGuard guard, ClientResources resources, ClientOptions options) {
        this.guard = guard;
        this.resources = resources;
        this.options = options;
    }

    /** Samples every primary of the topology; returns once each has its first sample (or has failed). */
    void openPrimaries(Partitions partitions) {
        for (RedisClusterNode node : partitions) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                open(node.getUri());
            }
        }
    }

    /** Starts sampling every primary of the topology not sampled yet, each on a thread of its own; never blocks. */
    void samplePrimaries(Partitions partitions) {
        for (RedisClusterNode node : partitions) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !nodes.containsKey(id(node.getUri()))) {
                openLater(node.getUri());
            }
        }
    }

    /** The guard these breakers come from. */
    CommandGuard guard() {
        return guard;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Returns the guard of the primary that holds {@code key} in {@code partitions}, or null to plan without a
     * breaker (a node not sampled yet: its sampling starts now). Never blocks.
     */
    @Nullable
    NodeGuard node(Partitions partitions, ByteBuffer key) {
        RedisClusterNode primary = partitions.getMasterBySlot(SlotHash.getSlot(key.duplicate()));
        if (primary == null) {
            return null;
        }
        RedisURI uri = primary.getUri();
        NodeGuard node = nodes.get(id(uri));
        if (node == null) {
            openLater(uri);
        }
        return node;
    }

    /** Returns the node's guard, sampling it first if it is new: blocks until its first sample, as connect does. */
    NodeGuard open(RedisURI uri) {
        String id = id(uri);
        NodeGuard node = nodes.get(id);
        if (node != null) {
            return node;
        }
        NodeGuard opened = guard.node(id, () -> sampler(uri));
        NodeGuard raced = nodes.putIfAbsent(id, opened);
        if (raced != null) {
            opened.close(); // another thread opened it first: give back this holder's share
            return raced;
        }
        if (closed && nodes.remove(id, opened)) {
            opened.close();
        }
        return opened;
    }

    /** As {@link #open(RedisURI)}, on a thread of its own, for callers that must not block. */
    CompletableFuture<NodeGuard> openAsync(RedisURI uri) {
        NodeGuard node = nodes.get(id(uri));
        if (node != null) {
            return CompletableFuture.completedFuture(node);
        }
        CompletableFuture<NodeGuard> future = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        future.complete(open(uri));
                    } catch (RuntimeException e) {
                        future.completeExceptionally(e);
                    }
                },
                "redis-guard-sampler-" + id(uri));
        thread.setDaemon(true);
        thread.start();
        return future;
    }

    private void openLater(RedisURI uri) {
        String id = id(uri);
        if (closed || !opening.add(id)) {
            return;
        }
        openAsync(uri).whenComplete((node, error) -> {
            opening.remove(id);
            if (error != null) {
                LOG.warn(
                        "Could not start sampling cluster node {} for the memory breaker ({}); its writes go without"
                                + " a breaker until a later write retries",
                        id,
                        error.toString());
            }
        });
    }

    /** A sampling connection on a client of its own over the cluster client's resources, shut down with it. */
    private LettuceSampler sampler(RedisURI uri) {
        RedisClient client = RedisClient.create(resources);
        client.setOptions(options);
        try {
            return new LettuceSampler(client.connect(StringCodec.UTF8, uri), client::shutdownAsync);
        } catch (RuntimeException e) {
            client.shutdownAsync();
            throw e;
        }
    }

    static String id(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Releases every node's breaker: the last holder of a node stops its sampler. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (String id : nodes.keySet()) {
            NodeGuard node = nodes.remove(id);
            if (node != null) {
                node.close();
            }
        }
    }
}
