/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.jedis.JedisGuard;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
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
 * Not guarded, loudly: Redis Cluster and Sentinel factories (a warning, once each: the adapter guards standalone
 * servers only); a factory on the legacy Jedis path, or with a JedisClientBuilderCustomizer (the guarded client is not
 * built by RedisClient.builder(), so the customizer could not apply) fails with an IllegalStateException.
 */
final class GuardedJedisFactory extends FactoryAdvice {

    private static final Logger log = LoggerFactory.getLogger(GuardedJedisFactory.class);

    private static final AtomicBoolean CLUSTER_WARNED = new AtomicBoolean();

    private static final AtomicBoolean SENTINEL_WARNED = new AtomicBoolean();

    private static final Field REDIS_CLIENT = privateField(JedisConnectionFactory.class, "redisClient");

    private static final Field CLIENT_CONFIG = privateField(JedisConnectionFactory.class, "clientConfig");

    private final JedisConnectionFactory target;

    private final RedisGuard guard;

    // A cluster or Sentinel factory, left unguarded with a warning.
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
            warnUnguarded(CLUSTER_WARNED, "Redis Cluster");
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
        if (target.getClientConfiguration().getClientCustomizer().isPresent()) {
            throw new IllegalStateException("JedisClientConfiguration.clientCustomizer must be empty for Redis Guard to"
                    + " guard the factory, but was set: the guard builds the factory's RedisClient itself, where a"
                    + " JedisClientBuilderCustomizer cannot apply. Configure the client with a"
                    + " JedisClientConfigBuilderCustomizer (credentials, TLS, protocol, timeouts) instead, or set"
                    + " redis-guard.enabled=false.");
        }
        UnifiedJedis guarded = JedisGuard.pooled(
                new HostAndPort(target.getHostName(), target.getPort()),
                (JedisClientConfig) read(CLIENT_CONFIG, target),
                poolConfig(),
                guard);
        write(REDIS_CLIENT, target, guarded);
        installed = guarded;
        ((UnifiedJedis) current).close(); // its pool, with the connections opened before the guard was in place
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
                            + " policy, size guard, compression or memory breaker. Guard a standalone factory, or set"
                            + " redis-guard.enabled=false to silence this warning.",
                    mode);
        }
    }
}
