/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.spi.CommandGuard;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisException;

/*
 * The seam for cluster clients. Jedis's cluster executor picks a node per attempt (by slot, MOVED and ASK redirects,
 * round robin for keyless and broadcast commands) and asks its ClusterConnectionProvider for a connection to it,
 * then calls executeCommand(CommandObject) on that connection. The node pools that the provider's topology cache
 * keeps are built inside Jedis from plain Connections, out of reach; so this provider keeps Jedis's topology (slots,
 * renewals on MOVED, the refresh task) and answers every request for a connection from a pool of its own per node,
 * of guarded Connections bound to that node's memory breaker and local tier: the same seam as the pooled client,
 * per node. An ASK redirect sends ASKING and then the command on one such connection, so the rewritten command keeps
 * its ASKING (which a per-attempt CommandObject rewrite in ClusterCommandExecutor.execute would lose: SEAMS.md).
 *
 * Jedis's own node pools stay idle (they open connections only when borrowed); topology discovery uses connections of
 * its own. Reads meant for replicas go to the slot's primary: replies of connections the guard does not own would
 * not be decompressed. Every method is public in Jedis 7.4 and 8.0 alike.
 */
final class GuardedClusterProvider extends redis.clients.jedis.providers.ClusterConnectionProvider {

    private final CommandGuard guard;

    private final JedisClientConfig config;

    private final GenericObjectPoolConfig<Connection> poolConfig;

    private final ConcurrentMap<String, Node> nodes = new ConcurrentHashMap<>();

    private volatile boolean closed;

    GuardedClusterProvider(
            Set<HostAndPort> startNodes,
            JedisClientConfig config,
            GenericObjectPoolConfig<Connection> poolConfig,
            CommandGuard guard) {
        super(startNodes, config, poolConfig);
        this.guard = guard;
        this.config = config;
        this.poolConfig = poolConfig;
        try {
            for (String key : super.getPrimaryNodes().keySet()) {
                node(key); // each primary's breaker has its first sample before the first write
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Connection getConnection(@Nullable HostAndPort node) {
        return node != null ? node(node.toString()).pool.getResource() : getConnection();
    }

    @Override
    public Connection getConnectionFromSlot(int slot) {
        HostAndPort node = getNode(slot);
        if (node == null) {
            renewSlotCache(); // nothing known for the slot: rediscover, as Jedis does
            node = getNode(slot);
        }
        return node != null ? getConnection(node) : getConnection();
    }

    /** The slot's primary: a replica's replies would pass through a connection the guard does not own. */
    @Override
    public Connection getReplicaConnectionFromSlot(int slot) {
        return getConnectionFromSlot(slot);
    }

    /** A connection to a reachable primary, tried in random order (Jedis's rule for keyless commands). */
    @Override
    public Connection getConnection() {
        List<String> keys = new ArrayList<>(super.getPrimaryNodes().keySet());
        Collections.shuffle(keys);
        JedisException suppressed = null;
        for (String key : keys) {
            Connection connection = null;
            try {
                connection = node(key).pool.getResource();
                connection.ping();
                return connection;
            } catch (JedisException e) {
                if (suppressed == null) {
                    suppressed = e;
                }
                if (connection != null) {
                    connection.close();
                }
            }
        }
        JedisClusterOperationException unreachable =
                new JedisClusterOperationException("No reachable node in cluster.");
        if (suppressed != null) {
            unreachable.addSuppressed(suppressed);
        }
        throw unreachable;
    }

    /** Every known node, each with the guard's pool for it (broadcast and round-robin commands use these). */
    @Override
    public Map<String, ConnectionPool> getNodes() {
        return pools(super.getNodes().keySet());
    }

    @Override
    public Map<String, ConnectionPool> getPrimaryNodes() {
        return pools(super.getPrimaryNodes().keySet());
    }

    @Override
    public Map<String, ConnectionPool> getConnectionMap() {
        return Collections.unmodifiableMap(getNodes());
    }

    @Override
    public Map<String, ConnectionPool> getPrimaryNodesConnectionMap() {
        return Collections.unmodifiableMap(getPrimaryNodes());
    }

    @Override
    public void close() {
        closed = true;
        try {
            super.close();
        } finally {
            synchronized (nodes) {
                for (Node node : nodes.values()) {
                    try {
                        node.pool.close();
                    } finally {
                        node.interceptor.close();
                    }
                }
                nodes.clear();
            }
        }
    }

    private Map<String, ConnectionPool> pools(Set<String> keys) {
        Map<String, ConnectionPool> pools = new LinkedHashMap<>();
        for (String key : keys) {
            pools.put(key, node(key).pool);
        }
        return pools;
    }

    /**
     * The guard's pool and hold for the node {@code key} ({@code host:port}), made on first use: opening a node takes
     * its breaker's first sample (at most the guard's sample timeout), once per node.
     */
    private Node node(String key) {
        Node node = nodes.get(key);
        if (node != null) {
            return node;
        }
        synchronized (nodes) {
            node = nodes.get(key);
            if (node != null) {
                return node;
            }
            if (closed) {
                throw new IllegalStateException("the guarded cluster client is closed");
            }
            HostAndPort hostAndPort = HostAndPort.from(key);
            CommandInterceptor interceptor = CommandInterceptor.open(guard, hostAndPort, config);
            try {
                node = new Node(
                        new ConnectionPool(new GuardedConnectionFactory(hostAndPort, config, interceptor), poolConfig),
                        interceptor);
            } catch (RuntimeException e) {
                interceptor.close();
                throw e;
            }
            nodes.put(key, node);
            return node;
        }
    }

    private record Node(ConnectionPool pool, CommandInterceptor interceptor) {}
}
