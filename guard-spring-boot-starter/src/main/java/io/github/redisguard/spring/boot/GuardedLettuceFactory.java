/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.lettuce.ClusterNodeGuards;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.MemorySampler;
import io.github.redisguard.spi.NodeGuard;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import java.lang.reflect.Field;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.data.redis.ExceptionTranslationStrategy;
import org.springframework.data.redis.connection.ClusterCommandExecutor;
import org.springframework.data.redis.connection.ClusterTopologyProvider;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionProvider;

/*
 * The seam. LettuceConnectionFactory builds its connections internally: getConnection() and getReactiveConnection()
 * create LettuceConnection / LettuceReactiveRedisConnection (package-private constructors for the reactive one) over
 * its two LettuceConnectionProviders, the byte[] one for imperative use and the ByteBuffer one for reactive use, which
 * start() creates (createConnectionProvider -> doCreateConnectionProvider, pooling and exception translation around
 * it). Every native connection the factory uses, shared, dedicated (transactions, blocking commands), pooled,
 * imperative or reactive, comes from those two providers. A delegating proxy cannot reach them (the factory calls
 * itself), and the doCreateConnectionProvider override needs a subclass instance Boot never creates. So this advice
 * sits on the class-based proxy of the factory and, after each start(), replaces the two provider fields of the
 * target with GuardingConnectionProviders, which hand out LettuceGuard-wrapped connections. It then drops shared
 * connections made before it (eager initialization), so none bypasses the guard. Reflection on two private fields of
 * Spring Data Redis 4.1: checked when the class loads, with a clear error if they are gone.
 *
 * A Redis Cluster factory's providers hand out Lettuce cluster connections (StatefulRedisClusterConnection, imperative
 * and reactive, shared or pooled): the guarding providers wrap each with LettuceGuard.wrap(connection, guard, nodes),
 * where nodes (LettuceGuard.clusterNodes on the factory's RedisClusterClient) are the cluster's node breakers, held
 * from install() to the factory's stop() and shared by every connection. Spring's LettuceClusterConnection and
 * LettuceReactiveRedisClusterConnection use only the interfaces (views, dispatch, getConnection(host, port),
 * getConnectionAsync(nodeId), partitions, auto-flush for pipelines), never a node selection nor a cast to Lettuce's
 * implementation class, so the guarded proxy stands in for the connection. The commands Spring runs node by node go
 * through the factory's ClusterCommandExecutor, which start() built over the unguarded provider: it is replaced by one
 * on GuardedLettuceClusterNodes over the guarding provider, with the old one's topology provider, exception
 * translation and task executor (three private fields of ClusterCommandExecutor, one more of the factory).
 */
final class GuardedLettuceFactory extends FactoryAdvice {

    private static final Logger log = LoggerFactory.getLogger(GuardedLettuceFactory.class);

    private static final Field CONNECTION_PROVIDER = field("connectionProvider");

    private static final Field REACTIVE_CONNECTION_PROVIDER = field("reactiveConnectionProvider");

    private static final Field CONFIGURATION = field("configuration");

    private static final Field CLUSTER_COMMAND_EXECUTOR = field("clusterCommandExecutor");

    private static final Field EXECUTOR_TOPOLOGY = privateField(ClusterCommandExecutor.class, "topologyProvider");

    private static final Field EXECUTOR_TRANSLATION =
            privateField(ClusterCommandExecutor.class, "exceptionTranslationStrategy");

    private static final Field EXECUTOR_TASKS = privateField(ClusterCommandExecutor.class, "executor");

    private final LettuceConnectionFactory target;

    private final RedisGuard guard;

    // Held from install() to the factory's stop(): the node's breaker and sampling connection.
    private @Nullable NodeGuard node;

    // Held from install() to the factory's stop() when the local tier is on: the tier and its tracking connection.
    private @Nullable LocalTier tier;

    // Held from install() to the factory's stop() on a cluster factory: the node breakers and their samplers.
    private @Nullable ClusterNodeGuards clusterNodes;

    GuardedLettuceFactory(LettuceConnectionFactory target, RedisGuard guard) {
        this.target = target;
        this.guard = guard;
    }

    @Override
    void stopping() {
        release(); // before the factory shuts its client down, which would close the sampler's connection
    }

    @Override
    boolean guarded() {
        return get(CONNECTION_PROVIDER) instanceof GuardingConnectionProvider;
    }

    /** Puts guarding providers in place if the factory is started and they are not there yet. */
    @Override
    synchronized void install() {
        Object imperative = get(CONNECTION_PROVIDER);
        Object reactive = get(REACTIVE_CONNECTION_PROVIDER);
        if (imperative == null || reactive == null || imperative instanceof GuardingConnectionProvider) {
            return; // not started, or guarded
        }
        release();
        if (target.isClusterAware()) {
            installCluster((LettuceConnectionProvider) imperative, (LettuceConnectionProvider) reactive);
            return;
        }
        NodeGuard nodeGuard = nodeGuard();
        node = nodeGuard;
        LocalTier localTier = nodeGuard != null ? localTier() : null;
        tier = localTier;
        set(
                CONNECTION_PROVIDER,
                new GuardingConnectionProvider((LettuceConnectionProvider) imperative, guard, nodeGuard, localTier));
        set(
                REACTIVE_CONNECTION_PROVIDER,
                new GuardingConnectionProvider((LettuceConnectionProvider) reactive, guard, nodeGuard, localTier));
        target.resetConnection(); // shared connections opened before, through the unguarded providers
    }

    /**
     * A started cluster factory: its providers are replaced by guarding ones that share the cluster's node breakers,
     * and its cluster command executor by one whose node connections come from the guarding provider.
     */
    private void installCluster(LettuceConnectionProvider imperative, LettuceConnectionProvider reactive) {
        ClusterNodeGuards nodes = LettuceGuard.clusterNodes((RedisClusterClient) target.getNativeClient(), guard);
        clusterNodes = nodes;
        GuardingConnectionProvider guarded = new GuardingConnectionProvider(imperative, guard, nodes);
        ClusterCommandExecutor old = (ClusterCommandExecutor) Objects.requireNonNull(get(CLUSTER_COMMAND_EXECUTOR));
        ClusterCommandExecutor executor = new ClusterCommandExecutor(
                (ClusterTopologyProvider) read(EXECUTOR_TOPOLOGY, old),
                new GuardedLettuceClusterNodes(guarded),
                (ExceptionTranslationStrategy) read(EXECUTOR_TRANSLATION, old),
                (AsyncTaskExecutor) read(EXECUTOR_TASKS, old));
        set(CONNECTION_PROVIDER, guarded);
        set(REACTIVE_CONNECTION_PROVIDER, new GuardingConnectionProvider(reactive, guard, nodes));
        set(CLUSTER_COMMAND_EXECUTOR, executor);
        try {
            old.destroy(); // releases the cluster connection it took from the unguarded provider, if any
        } catch (Exception e) {
            log.warn("Could not close the cluster command executor Redis Guard replaced: {}", e.toString());
        }
        target.resetConnection(); // shared connections opened before, through the unguarded providers
    }

    private synchronized void release() {
        ClusterNodeGuards heldNodes = clusterNodes;
        clusterNodes = null;
        if (heldNodes != null) {
            heldNodes.close(); // stops the node samplers, before the factory shuts down the client they use
        }
        LocalTier heldTier = tier;
        tier = null;
        if (heldTier != null) {
            heldTier.close(); // closes the tier's tracking connection
        }
        NodeGuard held = node;
        node = null;
        if (held != null) {
            held.close();
        }
    }

    /**
     * The breaker's view of the server: for a standalone (host and port, or socket) configuration, the guard samples
     * it over a connection of its own, opened by the factory's client with its URI and credentials. Sentinel and
     * static master/replica reach servers that change, so they get no breaker (yet).
     */
    private @Nullable NodeGuard nodeGuard() {
        Object configuration = get(CONFIGURATION);
        AbstractRedisClient client = target.getNativeClient();
        boolean standalone = !target.isRedisSentinelAware()
                && !RedisConfiguration.isStaticMasterReplicaConfiguration((RedisConfiguration) configuration);
        if (!standalone || !(client instanceof RedisClient)) {
            log.warn(
                    "Redis Guard's memory breaker{} is off for {}: it watches standalone servers only (Sentinel and"
                            + " master/replica come later); TTL policy, size guard and compression apply.",
                    guard.config().localTier().enabled() ? " and local tier" : "",
                    target);
            return null;
        }
        RedisSocketConfiguration socket = target.getSocketConfiguration();
        String node = socket != null ? socket.getSocket() : target.getHostName() + ":" + target.getPort();
        RedisClient redisClient = (RedisClient) client;
        return guard.commandGuard().node(node, () -> new Sampler(redisClient));
    }

    /**
     * The local tier of the factory's server, when enabled: with the guard's own tracking connection, opened by the
     * factory's client with the URI it connects with (read as Spring Data Redis reads it, from the client's
     * {@code redisURI} field). Off, with a warning, where loads could read a replica the tracking does not watch.
     */
    private @Nullable LocalTier localTier() {
        if (!guard.config().localTier().enabled()) {
            return null;
        }
        if (target.getClientConfiguration().getReadFrom().isPresent()) {
            log.warn(
                    "Redis Guard's local tier is off for {}: it reads from replicas (read-from), whose lag the"
                            + " server's invalidations do not cover. Remove read-from or redis-guard.local-tier.",
                    target);
            return null;
        }
        RedisClient client = (RedisClient) target.getNativeClient();
        Object uri = new DirectFieldAccessor(client).getPropertyValue("redisURI");
        if (!(uri instanceof RedisURI)) {
            log.warn(
                    "Redis Guard's local tier is off for {}: this Lettuce version's RedisClient has no 'redisURI'"
                            + " field to open the tier's tracking connection with. Use Lettuce 7.",
                    target);
            return null;
        }
        return LettuceGuard.localTier(client, (RedisURI) uri, guard);
    }

    private @Nullable Object get(Field field) {
        return read(field, target);
    }

    private void set(Field field, Object value) {
        write(field, target, value);
    }

    private static Field field(String name) {
        return privateField(LettuceConnectionFactory.class, name);
    }

    /**
     * Reads INFO for the memory breaker on a connection of its own, never one the application uses. Connects at the
     * first sample, off the caller's thread, and again after a failed attempt, so an application starts while Redis
     * is down (the breaker's fail mode applies until a sample succeeds).
     */
    private static final class Sampler implements MemorySampler {

        private final RedisClient client;

        private @Nullable CompletableFuture<StatefulRedisConnection<String, String>> connection;

        private boolean closed;

        Sampler(RedisClient client) {
            this.client = client;
        }

        @Override
        public CompletionStage<String> info(String section) {
            return connection().thenCompose(c -> c.async().info(section));
        }

        private synchronized CompletableFuture<StatefulRedisConnection<String, String>> connection() {
            CompletableFuture<StatefulRedisConnection<String, String>> current = connection;
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the sampler is closed"));
            }
            if (current == null || current.isCompletedExceptionally()) {
                current = CompletableFuture.supplyAsync(() -> client.connect(StringCodec.UTF8));
                connection = current;
            }
            return current;
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (connection != null) {
                connection.thenAccept(StatefulRedisConnection::closeAsync);
            }
        }
    }
}
