/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.NodeGuard;
import java.util.Objects;
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
        CommandGuard commandGuard = guard.commandGuard();
        NodeGuard node = commandGuard.node(hostAndPort.toString(), () -> new JedisSampler(hostAndPort, config));
        LocalTier tier;
        try {
            String database = config.getDatabase() == 0 ? "" : "/" + config.getDatabase();
            tier = commandGuard.localTier(hostAndPort + database, new JedisTracking(hostAndPort, config));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        CommandInterceptor interceptor = new CommandInterceptor(commandGuard, node, tier);
        PooledConnectionProvider provider = null;
        try {
            provider = new PooledConnectionProvider(
                    new GuardedConnectionFactory(hostAndPort, config, interceptor), poolConfig);
            return new GuardedJedis(provider, config.getRedisProtocol(), interceptor);
        } catch (RuntimeException e) {
            if (provider != null) {
                provider.close();
            }
            tier.close();
            node.close();
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
