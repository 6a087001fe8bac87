/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.RedisGuard;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * Guards Jedis clients.
 *
 * {@snippet :
 * RedisGuard guard = RedisGuard.create(GuardConfig.builder()
 *         .defaultTtl(Duration.ofHours(1))
 *         .rule(KeyRule.builder("session:*").defaultTtl(Duration.ofMinutes(30)).build())
 *         .build());
 * UnifiedJedis jedis = JedisGuard.pooled(new HostAndPort("localhost", 6379), DefaultJedisClientConfig.builder().build(), guard);
 * jedis.set("session:42", "...");   // sent as SET session:42 ... PX 1800000
 * }
 *
 * <p>{@link #pooled(HostAndPort, JedisClientConfig, GenericObjectPoolConfig, RedisGuard) pooled} opens what
 * {@code JedisPooled} (Jedis 7) and {@code RedisClient} (Jedis 8) open, a {@link UnifiedJedis} over a pool of
 * connections to one server, with every command passing through the guard: plain calls, and the commands queued in
 * its {@link UnifiedJedis#pipelined() pipelines} and {@link UnifiedJedis#multi() transactions}. Stored values are
 * decompressed in every reply, pipelined and transactional ones included. It has the memory circuit breaker: the
 * guard samples the server's memory on a connection of its own (one per server, shared by every client the guard
 * makes for it, closed with the last) and sheds writes before Redis answers OOM.
 *
 * <p>What the guard does to each command is Redis Guard's decision, the same for every client: see the project's
 * documentation. A refused or shed write throws a {@link io.github.redisguard.GuardException} from the method that
 * was called (in a pipeline or transaction too, at once, and the command is not queued) and nothing is sent. A write
 * the breaker drops (rule {@code onShed(DROP)}) is not sent and returns {@code null} (its pipeline
 * {@code Response} holds {@code null}). Exceptions of Jedis and of the server pass through unchanged.
 *
 * <p>Thread-safe as Jedis's pooled clients are: any number of threads may share the client; each pipeline or
 * transaction belongs to one thread. Tested with Jedis 8.0 and 7.4.
 */
public final class JedisGuard {

    private JedisGuard() {}

    /**
     * Opens a guarded client for the server at {@code hostAndPort} with Jedis's default pool settings. Equivalent to
     * {@code pooled(hostAndPort, config, new GenericObjectPoolConfig<>(), guard)}.
     *
     * @throws redis.clients.jedis.exceptions.JedisConnectionException if the server cannot be reached
     */
    public static UnifiedJedis pooled(HostAndPort hostAndPort, JedisClientConfig config, RedisGuard guard) {
        return pooled(hostAndPort, config, new GenericObjectPoolConfig<>(), guard);
    }

    /**
     * Opens a guarded client for the server at {@code hostAndPort}, a pool of connections made with {@code config},
     * memory breaker included. The first client for a server also opens the guard's sampling connection to it (same
     * address and client configuration); sampling stops when the last guarded client for that server is closed.
     *
     * @param hostAndPort the server (standalone)
     * @param config the connections' settings (credentials, database, TLS, timeouts, protocol); the sampler's too
     * @param poolConfig the pool's settings
     * @param guard the guard to apply; may be shared by any number of clients
     * @return a guarded client; closing it closes its pool and releases the guard's hold on the server
     * @throws redis.clients.jedis.exceptions.JedisConnectionException if the server cannot be reached
     */
    public static UnifiedJedis pooled(
            HostAndPort hostAndPort,
            JedisClientConfig config,
            GenericObjectPoolConfig<Connection> poolConfig,
            RedisGuard guard) {
        Objects.requireNonNull(hostAndPort, "hostAndPort");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(poolConfig, "poolConfig");
        Objects.requireNonNull(guard, "guard");
        CommandInterceptor interceptor = CommandInterceptor.open(guard.commandGuard(), hostAndPort, config);
        PooledConnectionProvider provider = null;
        try {
            provider = new PooledConnectionProvider(
                    new GuardedConnectionFactory(hostAndPort, config, interceptor), poolConfig);
            return new GuardedJedis(provider, config.getRedisProtocol(), interceptor);
        } catch (RuntimeException e) {
            if (provider != null) {
                provider.close();
            }
            interceptor.close();
            throw e;
        }
    }

    /**
     * Opens a guarded client for the Redis Cluster that {@code startNodes} belong to, with Jedis's default pool
     * settings and retries. Equivalent to {@code cluster(startNodes, config, new GenericObjectPoolConfig<>(), guard)}.
     *
     * @throws redis.clients.jedis.exceptions.JedisClusterOperationException if no start node can be reached
     */
    public static UnifiedJedis cluster(Set<HostAndPort> startNodes, JedisClientConfig config, RedisGuard guard) {
        return cluster(startNodes, config, new GenericObjectPoolConfig<>(), guard);
    }

    /**
     * Opens a guarded client for the Redis Cluster that {@code startNodes} belong to: what {@code JedisCluster}
     * (Jedis 7) and {@code RedisClusterClient} (Jedis 8) open, Jedis's own routing by key slot, {@code MOVED} and
     * {@code ASK} redirects, retries (5 attempts, within 5 times the socket timeout, as
     * {@code JedisCluster} does by default) and, on Jedis 8, multi-key commands split by slot, with every command passing through the guard
     * on the connection to the node that runs it. Each primary has its own memory breaker (the guard samples every
     * node on a connection of its own) and local tier, so a full node sheds its writes while the others take theirs.
     * Returns once every primary's breaker has its first sample; a node that joins later is sampled on first use.
     *
     * <p>What differs from {@link #pooled(HostAndPort, JedisClientConfig, GenericObjectPoolConfig, RedisGuard)
     * pooled}: {@code pipelined()} throws {@link UnsupportedOperationException} (Jedis sends a cluster pipeline's
     * commands where the guard could neither drop a write nor decompress a reply, so the guard refuses it rather than
     * let it through unguarded), transactions are unsupported as in Jedis's cluster client, and reads meant for
     * replicas ({@code executeCommandToReplica}) are served by the slot's primary.
     *
     * @param startNodes nodes to discover the cluster from; one reachable node is enough
     * @param config the connections' settings (credentials, TLS, timeouts, protocol); the samplers' too
     * @param poolConfig the settings of each node's pool
     * @param guard the guard to apply; may be shared by any number of clients
     * @return a guarded client, a {@code JedisCluster} ({@code getClusterNodes()} gives the guarded pools); closing it
     *     closes its pools and releases the guard's hold on every node
     * @throws redis.clients.jedis.exceptions.JedisClusterOperationException if no start node can be reached
     * @throws redis.clients.jedis.exceptions.JedisConnectionException if a primary cannot be sampled
     */
    public static UnifiedJedis cluster(
            Set<HostAndPort> startNodes,
            JedisClientConfig config,
            GenericObjectPoolConfig<Connection> poolConfig,
            RedisGuard guard) {
        Objects.requireNonNull(startNodes, "startNodes");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(poolConfig, "poolConfig");
        Objects.requireNonNull(guard, "guard");
        if (startNodes.isEmpty()) {
            throw new IllegalArgumentException("startNodes must name at least one cluster node, but was empty");
        }
        GuardedClusterProvider provider =
                new GuardedClusterProvider(startNodes, config, poolConfig, guard.commandGuard());
        try {
            return new GuardedJedisCluster(provider, config);
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
    }

    /**
     * Opens a guarded client for {@code localhost}-style addresses with default settings. Equivalent to
     * {@code pooled(hostAndPort, DefaultJedisClientConfig.builder().build(), guard)}.
     *
     * @throws redis.clients.jedis.exceptions.JedisConnectionException if the server cannot be reached
     */
    public static UnifiedJedis pooled(HostAndPort hostAndPort, RedisGuard guard) {
        return pooled(hostAndPort, DefaultJedisClientConfig.builder().build(), guard);
    }
}
