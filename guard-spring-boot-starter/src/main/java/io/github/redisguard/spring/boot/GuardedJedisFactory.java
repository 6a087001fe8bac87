/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.jedis.JedisGuard;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.data.redis.ExceptionTranslationStrategy;
import org.springframework.data.redis.connection.ClusterCommandExecutor;
import org.springframework.data.redis.connection.ClusterTopologyProvider;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;

/*
 * The seam. Spring Data Redis 4.1's JedisConnectionFactory, with Jedis 7.3 or later on the class path, talks to Redis
 * through one UnifiedJedis (a pooled RedisClient) that start() creates and keeps in its private field redisClient:
 * every JedisConnection it hands out wraps that client, for plain commands (its executor borrows a pooled
 * Connection), pipelines (client.pipelined()) and transactions (client.multi(), client.transaction(false) after
 * WATCH). The legacy Jedis/JedisPool path is used only when the application sets useUnifiedJedis(false).
 *
 * After each start() this advice replaces that client with JedisGuard.pooled(...) for the same server, built from the
 * factory's own JedisClientConfig (credentials, database, TLS, timeouts, client name) and pool settings, and closes
 * the original. The guarded client guards plain calls, pipelines and transactions alike and decompresses all their
 * replies, and brings the memory breaker (its own sampling connection) and the local tier. The factory's stop()
 * closes it like its own client, which releases the guard's hold on the server. Reflection on two private fields of
 * Spring Data Redis 4.1 (redisClient, clientConfig): checked when the class loads, with a clear error if they are gone.
 *
 * A Redis Cluster factory keeps a cluster client (RedisClusterClient, or JedisCluster on the legacy path) in the same
 * field, plus a ClusterTopologyProvider and a ClusterCommandExecutor built on it in start(). The advice replaces the
 * client with JedisGuard.cluster(...) (the configuration's nodes, the factory's JedisClientConfig and pool settings)
 * and rebuilds both on the guarded client with the factory's own template method createTopologyProvider, its
 * exception translation and its AsyncTaskExecutor: plain commands of a JedisClusterConnection run on the guarded
 * client, and the commands Spring runs node by node on the guard's per-node pools (GuardedClusterNodes). Spring's
 * cluster connection refuses pipelines and MULTI itself (InvalidDataAccessApiUsageException), guarded or not, so the
 * guarded client's refusal of pipelined() is never reached through Spring. Two more private fields
 * (clusterCommandExecutor, topologyProvider), one private constant (EXCEPTION_TRANSLATION), one protected method.
 *
 * Not guarded, loudly: Sentinel factories (a warning, once: the adapter guards standalone servers and clusters only);
 * a standalone factory on the legacy Jedis path, or any factory with a JedisClientBuilderCustomizer (the guarded
 * client is not built by Jedis's builders, so the customizer could not apply) fails with an IllegalStateException.
 */
final class GuardedJedisFactory extends FactoryAdvice {

    private static final Logger log = LoggerFactory.getLogger(GuardedJedisFactory.class);

    private static final AtomicBoolean SENTINEL_WARNED = new AtomicBoolean();

    private static final Field REDIS_CLIENT = privateField(JedisConnectionFactory.class, "redisClient");

    private static final Field CLIENT_CONFIG = privateField(JedisConnectionFactory.class, "clientConfig");

    private static final Field CLUSTER_COMMAND_EXECUTOR =
            privateField(JedisConnectionFactory.class, "clusterCommandExecutor");

    private static final Field TOPOLOGY_PROVIDER = privateField(JedisConnectionFactory.class, "topologyProvider");

    private static final Field EXECUTOR = privateField(JedisConnectionFactory.class, "executor");

    private static final Field EXCEPTION_TRANSLATION =
            privateField(JedisConnectionFactory.class, "EXCEPTION_TRANSLATION");

    private static final Method CREATE_TOPOLOGY_PROVIDER =
            declaredMethod(JedisConnectionFactory.class, "createTopologyProvider", UnifiedJedis.class);

    private final JedisConnectionFactory target;

    private final RedisGuard guard;

    // A Sentinel factory, left unguarded with a warning.
    private volatile boolean unguarded;

    // The guarded client put in the factory by the last install(); the factory closes it on stop().
    private volatile @Nullable UnifiedJedis installed;

    GuardedJedisFactory(JedisConnectionFactory target, RedisGuard guard) {
        this.target = target;
        this.guard = guard;
    }

    @Override
    boolean guarded() {
        UnifiedJedis client = installed;
        return unguarded || (client != null && read(REDIS_CLIENT, target) == client);
    }

    @Override
    synchronized void install() {
        if (target.isRedisClusterAware()) {
            installCluster();
            return;
        }
        if (target.isRedisSentinelAware()) {
            warnUnguarded(SENTINEL_WARNED, "Redis Sentinel");
            return;
        }
        if (!target.isUseUnifiedJedis()) {
            throw new IllegalStateException("JedisConnectionFactory.useUnifiedJedis must be true for Redis Guard to"
                    + " guard the factory (Spring Data Redis 4.1's default with Jedis 7.3 or later), but was false:"
                    + " the legacy Jedis/JedisPool path has no seam that guards pipelines and transactions. Remove"
                    + " setUseUnifiedJedis(false), or set redis-guard.enabled=false.");
        }
        Object current = read(REDIS_CLIENT, target);
        if (current == null || current == installed) {
            return; // not started, or guarded
        }
        refuseClientCustomizer();
        UnifiedJedis guarded = JedisGuard.pooled(
                new HostAndPort(target.getHostName(), target.getPort()),
                (JedisClientConfig) read(CLIENT_CONFIG, target),
                poolConfig(),
                guard);
        write(REDIS_CLIENT, target, guarded);
        installed = guarded;
        ((UnifiedJedis) current).close(); // its pool, with the connections opened before the guard was in place
    }

    /**
     * A started cluster factory: its cluster client, topology provider and cluster command executor are replaced by
     * ones on {@code JedisGuard.cluster(...)}; the originals are closed. Either client path (RedisClusterClient, or
     * JedisCluster with useUnifiedJedis false) keeps its client in the same field, and both are replaced alike.
     */
    @SuppressWarnings("deprecation") // JedisCluster, what JedisGuard.cluster returns on Jedis 7.4 and 8.0 alike
    private void installCluster() {
        Object current = read(REDIS_CLIENT, target);
        if (current == null || current == installed) {
            return; // not started, or guarded
        }
        refuseClientCustomizer();
        RedisClusterConfiguration configuration = Objects.requireNonNull(target.getClusterConfiguration());
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        for (RedisNode node : configuration.getClusterNodes()) {
            nodes.add(new HostAndPort(node.getHost(), Objects.requireNonNull(node.getPort())));
        }
        JedisCluster guarded = (JedisCluster)
                JedisGuard.cluster(nodes, (JedisClientConfig) read(CLIENT_CONFIG, target), poolConfig(), guard);
        ClusterCommandExecutor executor;
        try {
            ClusterTopologyProvider topology =
                    (ClusterTopologyProvider) CREATE_TOPOLOGY_PROVIDER.invoke(target, guarded);
            executor = new ClusterCommandExecutor(
                    topology,
                    new GuardedClusterNodes(guarded, topology),
                    (ExceptionTranslationStrategy) read(EXCEPTION_TRANSLATION, null),
                    (AsyncTaskExecutor) read(EXECUTOR, target));
            destroy((ClusterCommandExecutor) read(CLUSTER_COMMAND_EXECUTOR, target));
            write(TOPOLOGY_PROVIDER, target, topology);
            write(CLUSTER_COMMAND_EXECUTOR, target, executor);
        } catch (Exception e) {
            guarded.close();
            throw new IllegalStateException("Redis Guard could not guard the cluster JedisConnectionFactory", e);
        }
        write(REDIS_CLIENT, target, guarded);
        installed = guarded;
        ((UnifiedJedis) current).close(); // its node pools, with the connections opened before the guard was in place
    }

    private static void destroy(@Nullable ClusterCommandExecutor executor) throws Exception {
        if (executor != null) {
            executor.destroy();
        }
    }

    private void refuseClientCustomizer() {
        if (target.getClientConfiguration().getClientCustomizer().isPresent()) {
            throw new IllegalStateException("JedisClientConfiguration.clientCustomizer must be empty for Redis Guard to"
                    + " guard the factory, but was set: the guard builds the factory's RedisClient itself, where a"
                    + " JedisClientBuilderCustomizer cannot apply. Configure the client with a"
                    + " JedisClientConfigBuilderCustomizer (credentials, TLS, protocol, timeouts) instead, or set"
                    + " redis-guard.enabled=false.");
        }
    }

    /** The factory's pool settings, or the defaults Spring Data Redis gives its RedisClient when it has none. */
    private GenericObjectPoolConfig<Connection> poolConfig() {
        GenericObjectPoolConfig<Connection> config = target.getPoolConfig();
        return config != null ? config : new ConnectionPoolConfig();
    }

    private void warnUnguarded(AtomicBoolean warned, String mode) {
        unguarded = true;
        if (warned.compareAndSet(false, true)) {
            log.warn(
                    "Redis Guard does not guard {} connections of JedisConnectionFactory yet: writes get no TTL"
                            + " policy, size guard, compression or memory breaker. Guard a standalone or cluster"
                            + " factory, or set"
                            + " redis-guard.enabled=false to silence this warning.",
                    mode);
        }
    }
}
