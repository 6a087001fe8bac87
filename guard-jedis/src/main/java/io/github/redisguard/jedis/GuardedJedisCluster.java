/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisCluster;

/*
 * The guarded cluster client: Jedis's own JedisCluster (routing, redirects, retries, multi-shard commands) over the
 * guard's cluster provider, built with the one constructor Jedis 7.4 and 8.0 share. Cluster pipelines send each
 * command as it is queued (MultiNodePipelineBase.appendCommand is final) and build replies with the caller's builder,
 * so the guard could neither drop a write nor decompress a reply there: they are refused rather than left unguarded.
 */
@SuppressWarnings("deprecation") // the constructor Jedis 8 deprecates is the one both versions have
final class GuardedJedisCluster extends JedisCluster {

    static final String NO_PIPELINES = "pipelines of a guarded cluster client are not supported: Jedis sends a cluster"
            + " pipeline's commands where the guard cannot drop a write or decompress a reply; use plain calls"
            + " (each is guarded) or a guarded pooled client per node";

    /** Jedis's defaults: {@code DEFAULT_MAX_ATTEMPTS} attempts, within that many socket timeouts. */
    GuardedJedisCluster(GuardedClusterProvider provider, JedisClientConfig config) {
        super(
                provider,
                DEFAULT_MAX_ATTEMPTS,
                Duration.ofMillis((long) config.getSocketTimeoutMillis() * DEFAULT_MAX_ATTEMPTS));
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public ClusterPipeline pipelined() {
        throw new UnsupportedOperationException(NO_PIPELINES);
    }

    /** @throws UnsupportedOperationException always */
    @Override
    public ClusterPipeline pipelined(ExecutorService executorService) {
        throw new UnsupportedOperationException(NO_PIPELINES);
    }

    /** @throws UnsupportedOperationException always, as Jedis's cluster client does */
    @Override
    public AbstractTransaction transaction(boolean doMulti) {
        throw new UnsupportedOperationException("transactions are not supported by Jedis's cluster client");
    }

    @Override
    public String toString() {
        return "GuardedJedisCluster";
    }
}
