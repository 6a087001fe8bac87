/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.lettuce.LettuceGuard;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.MemorySampler;
import io.github.redisguard.spi.NodeGuard;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import java.lang.reflect.Field;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.DirectFieldAccessor;
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
 */
final class GuardedLettuceFactory extends FactoryAdvice {

    private static final Logger log = LoggerFactory.getLogger(GuardedLettuceFactory.class);

    private static final AtomicBoolean CLUSTER_WARNED = new AtomicBoolean();

    private static final Field CONNECTION_PROVIDER = field("connectionProvider");

    private static final Field REACTIVE_CONNECTION_PROVIDER = field("reactiveConnectionProvider");

    private static final Field CONFIGURATION = field("configuration");

    private final LettuceConnectionFactory target;

    private final RedisGuard guard;

    // A Redis Cluster factory, left unguarded (the adapter has no cluster support yet).
    private volatile boolean cluster;

    // Held from install() to the factory's stop(): the node's breaker and sampling connection.
    private @Nullable NodeGuard node;

    // Held from install() to the factory's stop() when the local tier is on: the tier and its tracking connection.
    private @Nullable LocalTier tier;

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
        return cluster || get(CONNECTION_PROVIDER) instanceof GuardingConnectionProvider;
    }

    /** Puts guarding providers in place if the factory is started and they are not there yet. */
    @Override
    synchronized void install() {
        Object imperative = get(CONNECTION_PROVIDER);
        Object reactive = get(REACTIVE_CONNECTION_PROVIDER);
        if (imperative == null || reactive == null || imperative instanceof GuardingConnectionProvider) {
            return; // not started, or guarded
        }
        if (target.isClusterAware()) {
            cluster = true;
            if (CLUSTER_WARNED.compareAndSet(false, true)) {
                log.warn("Redis Guard does not guard Redis Cluster connections of LettuceConnectionFactory yet:"
                        + " writes to the cluster get no TTL policy, size guard, compression or memory breaker."
                        + " Guard a standalone, Sentinel or master/replica factory, or set redis-guard.enabled=false"
                        + " to silence this warning.");
            }
            return;
        }
        release();
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

    private synchronized void release() {
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
