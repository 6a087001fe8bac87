/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.NodeGuard;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards Lettuce connections.
 *
 * {@snippet :
 * RedisGuard guard = RedisGuard.create(GuardConfig.builder()
 *         .defaultTtl(Duration.ofHours(1))
 *         .rule(KeyRule.builder("session:*").defaultTtl(Duration.ofMinutes(30)).build())
 *         .build());
 * StatefulRedisConnection<String, String> connection = LettuceGuard.connect(client, uri, guard);
 * connection.sync().set("session:42", "...");   // sent as SET session:42 ... PX 1800000
 * }
 *
 * <p>{@link #connect(RedisClient, RedisURI, RedisGuard) connect} opens a guarded connection with the memory circuit
 * breaker: the guard samples the server's memory on a connection of its own (one per server, shared by every
 * connection the guard makes to it, closed with the last) and sheds writes before Redis answers OOM.
 * {@link #wrap(StatefulRedisConnection, RedisGuard) wrap} guards a connection the application already has: TTL
 * policy, size guard and compression, but no memory breaker, because the guard cannot open a sampling connection
 * to a server it only knows through an open connection.
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

    private static final Logger CLUSTER_LOG = LoggerFactory.getLogger(LettuceGuard.class);

    private LettuceGuard() {}

    /**
     * Connects to {@code uri} with the client's default codec ({@code String} keys and values, UTF-8), guarded by
     * {@code guard}, memory breaker included. Equivalent to {@code connect(client, uri, StringCodec.UTF8, guard)}.
     *
     * @throws io.lettuce.core.RedisConnectionException if the server cannot be reached
     */
    public static StatefulRedisConnection<String, String> connect(RedisClient client, RedisURI uri, RedisGuard guard) {
        return connect(client, uri, StringCodec.UTF8, guard);
    }

    /**
     * Connects to {@code uri} with {@code codec}, guarded by {@code guard}, memory breaker included. The first
     * connection to a server also opens the guard's sampling connection to it (same URI and credentials); the
     * sampling stops when the last guarded connection to that server is closed.
     *
     * @param client the client to connect with; its options and resources apply to both connections
     * @param uri the server (standalone)
     * @param codec the codec of the returned connection
     * @param guard the guard to apply; may be shared by any number of connections
     * @return a guarded connection; closing it releases the guard's hold on the server
     * @throws io.lettuce.core.RedisConnectionException if the server cannot be reached
     */
    public static <K, V> StatefulRedisConnection<K, V> connect(
            RedisClient client, RedisURI uri, RedisCodec<K, V> codec, RedisGuard guard) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(guard, "guard");
        String node = uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
        StatefulRedisConnection<K, V> connection = client.connect(codec, uri);
        NodeGuard nodeGuard;
        try {
            nodeGuard =
                    guard.commandGuard().node(node, () -> new LettuceSampler(client.connect(StringCodec.UTF8, uri)));
        } catch (RuntimeException e) {
            connection.closeAsync();
            throw e;
        }
        LocalTier tier;
        try {
            tier = localTier(client, uri, guard);
        } catch (RuntimeException e) {
            nodeGuard.close();
            connection.closeAsync();
            throw e;
        }
        return guard(connection, guard, nodeGuard, tier);
    }

    /**
     * Returns {@code connection} guarded by {@code guard}, without the memory breaker (see the class
     * documentation; use {@link #connect(RedisClient, RedisURI, RedisCodec, RedisGuard)} for it).
     *
     * @param connection a standalone (or master/replica) connection; not a pub/sub connection
     * @param guard the guard to apply; may be shared by any number of connections
     * @return a connection of the same interfaces whose commands pass through the guard
     * @throws IllegalArgumentException if the connection is a pub/sub connection or is already guarded
     */
    public static <K, V> StatefulRedisConnection<K, V> wrap(
            StatefulRedisConnection<K, V> connection, RedisGuard guard) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(guard, "guard");
        return guard(connection, guard, null, null);
    }

    /**
     * Returns {@code connection} guarded by {@code guard} with the memory breaker of {@code node}: for frameworks that
     * open and pool connections themselves and know which server they reach (the Spring Boot starter). The caller
     * obtains {@code node} once from {@code guard.commandGuard().node(...)} for the server the connection reaches, may
     * guard any number of connections with it, and closes it when it hands out no more: closing the returned
     * connection does not close {@code node}.
     *
     * @param connection a standalone (or master/replica) connection to the server {@code node} watches; not a pub/sub
     *     connection
     * @param guard the guard to apply; {@code node} must come from it
     * @param node the server's guard, owned by the caller
     * @return a connection of the same interfaces whose commands pass through the guard and the node's breaker
     * @throws IllegalArgumentException if the connection is a pub/sub connection or is already guarded
     */
    public static <K, V> StatefulRedisConnection<K, V> wrap(
            StatefulRedisConnection<K, V> connection, RedisGuard guard, NodeGuard node) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(node, "node");
        return guard(connection, guard, node, false, null);
    }

    /**
     * Returns the local tier of the server {@code uri} names, with the guard's own tracking connection to it (opened
     * by {@code client} with {@code uri}'s address and credentials), as {@link #connect(RedisClient, RedisURI,
     * RedisCodec, RedisGuard) connect} uses it: for frameworks that open and pool connections themselves (the Spring
     * Boot starter) and pass it to {@link #wrap(StatefulRedisConnection, RedisGuard, NodeGuard, LocalTier)}. Holders
     * of one server's tier share it and its tracking connection; the connection is closed when the last holder closes
     * its tier. With the tier disabled in the guard's configuration, the returned tier serves nothing and no
     * connection is opened.
     *
     * <p>The first holder of a server's tier opens the tracking connection at once and waits until tracking is on or
     * known to be unavailable. If the server cannot be reached then, the tier logs one warning and serves with the
     * {@code maxStaleness} bound only (see the project's docs/local-tier.md).
     *
     * @param client the client to open the tracking connection with; its options (protocol version) apply
     * @param uri the server (standalone) and database the tier holds keys of
     * @param guard the guard whose local tier settings apply
     * @return the tier, owned by the caller, who closes it when it guards no more connections with it
     */
    public static LocalTier localTier(RedisClient client, RedisURI uri, RedisGuard guard) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(guard, "guard");
        String node = uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
        String database = uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase();
        return guard.commandGuard().localTier(node + database, new LettuceTracking(client, uri));
    }

    /**
     * Returns {@code connection} guarded by {@code guard} with the memory breaker of {@code node} and the local tier
     * {@code tier}: as {@link #wrap(StatefulRedisConnection, RedisGuard, NodeGuard)}, and reads of keys under the
     * tier's patterns are served from memory, the connection's writes invalidate them. The caller obtains
     * {@code tier} once from {@link #localTier(RedisClient, RedisURI, RedisGuard)} for the server and database the
     * connection reaches, may guard any number of connections with it, and closes it when it hands out no more:
     * closing the returned connection closes neither {@code node} nor {@code tier}.
     *
     * @param connection a standalone (or master/replica) connection to the server and database {@code tier} holds;
     *     not a pub/sub connection
     * @param guard the guard to apply; {@code node} and {@code tier} must come from it
     * @param node the server's guard, owned by the caller
     * @param tier the server's local tier, owned by the caller
     * @return a connection of the same interfaces whose commands pass through the guard, the node's breaker and the
     *     tier
     * @throws IllegalArgumentException if the connection is a pub/sub connection or is already guarded
     */
    public static <K, V> StatefulRedisConnection<K, V> wrap(
            StatefulRedisConnection<K, V> connection, RedisGuard guard, NodeGuard node, LocalTier tier) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(tier, "tier");
        return guard(connection, guard, node, false, tier);
    }

    private static <K, V> StatefulRedisConnection<K, V> guard(
            StatefulRedisConnection<K, V> connection,
            RedisGuard guard,
            @Nullable NodeGuard node,
            @Nullable LocalTier tier) {
        return guard(connection, guard, node, true, tier);
    }

    @SuppressWarnings("unchecked")
    private static <K, V> StatefulRedisConnection<K, V> guard(
            StatefulRedisConnection<K, V> connection,
            RedisGuard guard,
            @Nullable NodeGuard node,
            boolean owned,
            @Nullable LocalTier tier) {
        if (connection instanceof StatefulRedisPubSubConnection) {
            throw new IllegalArgumentException(
                    "connection must not be a pub/sub connection (its messages carry no keys to guard), but was "
                            + connection.getClass().getName());
        }
        if (Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof GuardedConnectionHandler) {
            throw new IllegalArgumentException("connection must not be guarded already, but was " + connection);
        }
        GuardedConnectionHandler<K, V> handler = new GuardedConnectionHandler<>(connection, guard, node, owned, tier);
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

    /**
     * Connects to the Redis Cluster {@code client} knows, with the client's default codec ({@code String} keys and
     * values, UTF-8), guarded by {@code guard}, a memory breaker per node included. Equivalent to
     * {@code connect(client, StringCodec.UTF8, guard)}.
     *
     * @throws io.lettuce.core.RedisConnectionException if the cluster cannot be reached
     */
    public static StatefulRedisClusterConnection<String, String> connect(RedisClusterClient client, RedisGuard guard) {
        return connect(client, StringCodec.UTF8, guard);
    }

    /**
     * Connects to the Redis Cluster {@code client} knows, with {@code codec}, guarded by {@code guard}, with a memory
     * breaker per node.
     *
     * <p>Every command of the returned connection's {@code sync()}, {@code async()} and {@code reactive()} views, and
     * of its {@code dispatch(...)}, is guarded before Lettuce routes it by slot; Lettuce's routing, redirects
     * ({@code MOVED}, {@code ASK}), retries and topology refresh are unchanged, and a multi-key command Lettuce splits
     * by slot (e.g. {@code MSET}, {@code DEL}, {@code MGET}) is guarded part by part. A write is admitted by the
     * breaker of the primary that holds its first key's slot in the connection's current topology. Every primary is
     * sampled (on a connection of the guard's own per node, opened with the client's resources and options and the
     * credentials Lettuce applies to the topology's node addresses) before this method returns; a node that joins
     * later is sampled on a background thread when a write first goes to it, and writes to it go without a breaker
     * until its first sample. The samplers stop when the last guarded connection to their node is closed.
     *
     * <p>{@code getConnection(nodeId)} and {@code getConnection(host, port)} (and their async and intent variants, and
     * the same of {@code sync()}, {@code async()}, {@code reactive()}) hand back that node's connection guarded with
     * that node's breaker; node selections ({@code masters()}, {@code replicas()}, {@code all()},
     * {@code nodes(...)}, {@code readonly(...)}) throw {@link UnsupportedOperationException}. Keyless commands Lettuce
     * sends to every node on node connections of its own ({@code KEYS}, {@code DBSIZE}, {@code FLUSHALL},
     * {@code SCRIPT ...}, {@code RANDOMKEY}, {@code CLIENT SETNAME}, RediSearch {@code FT.*}) are not seen by the
     * guard; none of them writes a key. The local tier is not used on cluster connections: with one configured, this
     * logs a warning once per connection and reads go to Redis.
     *
     * @param client the cluster client to connect with; its options and resources apply to every connection opened
     * @param codec the codec of the returned connection
     * @param guard the guard to apply; may be shared by any number of connections
     * @return a guarded cluster connection, thread-safe as Lettuce's; closing it closes the application's connection
     *     and releases the guard's hold on every node
     * @throws io.lettuce.core.RedisConnectionException if the cluster cannot be reached, or a primary cannot be
     *     reached to sample it
     */
    public static <K, V> StatefulRedisClusterConnection<K, V> connect(
            RedisClusterClient client, RedisCodec<K, V> codec, RedisGuard guard) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(guard, "guard");
        StatefulRedisClusterConnection<K, V> connection = client.connect(codec);
        ClusterNodes nodes = clusterNodesOf(client, guard);
        try {
            nodes.openPrimaries(connection.getPartitions());
        } catch (RuntimeException e) {
            nodes.close();
            connection.closeAsync();
            throw e;
        }
        warnNoClusterTier(guard);
        return guardCluster(connection, guard, nodes, true);
    }

    /**
     * Returns the memory breakers of the cluster {@code client} connects to, for {@link
     * #wrap(StatefulRedisClusterConnection, RedisGuard, ClusterNodeGuards)}: for frameworks that open and pool cluster
     * connections themselves (the Spring Boot starter). Opens nothing: each primary is sampled (on a connection of the
     * guard's own, as {@link #connect(RedisClusterClient, RedisCodec, RedisGuard) connect} samples it) from the first
     * time a connection wrapped with the returned set reaches it. With the local tier enabled in the guard's
     * configuration, logs a warning that cluster connections do not use it.
     *
     * @param client the cluster client whose resources and options the sampling connections use; it must outlive the
     *     returned set
     * @param guard the guard whose memory breaker settings apply
     * @return the breakers, owned by the caller, who closes them when it wraps no more connections with them
     */
    public static ClusterNodeGuards clusterNodes(RedisClusterClient client, RedisGuard guard) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(guard, "guard");
        warnNoClusterTier(guard);
        return new ClusterNodeGuards(clusterNodesOf(client, guard));
    }

    /**
     * Returns the cluster connection {@code connection}, opened by the application or a framework, guarded by
     * {@code guard} with the memory breakers of {@code nodes}: as a connection of {@link
     * #connect(RedisClusterClient, RedisCodec, RedisGuard) connect}, every command of its views and its
     * {@code dispatch(...)} is guarded before Lettuce routes it, node connections are handed out guarded, node
     * selections are refused with {@link UnsupportedOperationException}, and no local tier is used.
     *
     * <p>One difference from {@code connect}: this method never blocks. The primaries of the connection's topology
     * that {@code nodes} does not sample yet start being sampled now, each on a thread of its own, and a write to
     * such a node is admitted without a breaker until its first sample (a few milliseconds on a reachable node). It
     * may therefore be called on any thread, a Lettuce event loop's included.
     *
     * <p>Closing the returned connection closes {@code connection} (the original stays usable and unguarded: hand out
     * only the guarded one), but not {@code nodes}. Thread-safe as Lettuce's cluster connection.
     *
     * @param connection a cluster connection of the client {@code nodes} was made with; not a pub/sub connection
     * @param guard the guard to apply; {@code nodes} must come from it
     * @param nodes the cluster's breakers, owned by the caller
     * @return a cluster connection whose commands pass through the guard and the breaker of the node each goes to
     * @throws IllegalArgumentException if {@code connection} is already guarded or {@code nodes} comes from another
     *     guard
     * @throws IllegalStateException if {@code nodes} is closed
     */
    public static <K, V> StatefulRedisClusterConnection<K, V> wrap(
            StatefulRedisClusterConnection<K, V> connection, RedisGuard guard, ClusterNodeGuards nodes) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(nodes, "nodes");
        if (Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof GuardedClusterConnectionHandler) {
            throw new IllegalArgumentException("connection must not be guarded already, but was " + connection);
        }
        ClusterNodes breakers = nodes.nodes();
        if (breakers.guard() != guard.commandGuard()) {
            throw new IllegalArgumentException("nodes must come from LettuceGuard.clusterNodes(client, guard) with the"
                    + " same guard, but came from another guard");
        }
        if (breakers.isClosed()) {
            throw new IllegalStateException("nodes must be open, but was closed");
        }
        breakers.samplePrimaries(connection.getPartitions());
        return guardCluster(connection, guard, breakers, false);
    }

    private static ClusterNodes clusterNodesOf(RedisClusterClient client, RedisGuard guard) {
        return new ClusterNodes(guard.commandGuard(), client.getResources(), ClientOptions.copyOf(client.getOptions()));
    }

    private static void warnNoClusterTier(RedisGuard guard) {
        if (guard.config().localTier().enabled()) {
            CLUSTER_LOG.warn("The local tier is not used on Lettuce cluster connections: reads of this connection go"
                    + " to Redis. Use JedisGuard.cluster(...) for a cluster with a local tier.");
        }
    }

    private static <K, V> StatefulRedisClusterConnection<K, V> guardCluster(
            StatefulRedisClusterConnection<K, V> connection, RedisGuard guard, ClusterNodes nodes, boolean owned) {
        GuardedClusterConnectionHandler<K, V> handler =
                new GuardedClusterConnectionHandler<>(connection, guard, nodes, owned);
        @SuppressWarnings("unchecked")
        StatefulRedisClusterConnection<K, V> proxy = (StatefulRedisClusterConnection<K, V>) Proxy.newProxyInstance(
                LettuceGuard.class.getClassLoader(), new Class<?>[] {StatefulRedisClusterConnection.class}, handler);
        handler.bind(proxy);
        return proxy;
    }

    /** A cluster node's connection, guarded with that node's breaker (owned by the cluster connection), no tier. */
    static <K, V> StatefulRedisConnection<K, V> guardNode(
            StatefulRedisConnection<K, V> connection, RedisGuard guard, @Nullable NodeGuard node) {
        return guard(connection, guard, node, false, null);
    }
}
