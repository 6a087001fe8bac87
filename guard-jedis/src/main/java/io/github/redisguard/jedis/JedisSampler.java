/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.spi.MemorySampler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;

/*
 * Reads INFO for the memory breaker on a connection of its own (never one of the application's pool, so a sample
 * never waits for a pooled connection nor behind a pipeline). Jedis blocks, the guard must not: the reads run on
 * the sampler's own daemon thread. A broken connection is dropped and opened again on the next sample.
 */
final class JedisSampler implements MemorySampler {

    private final HostAndPort hostAndPort;

    private final JedisClientConfig config;

    private final ExecutorService thread;

    private @Nullable Connection connection; // confined to the sampler's thread

    JedisSampler(HostAndPort hostAndPort, JedisClientConfig config) {
        this.hostAndPort = hostAndPort;
        this.config = config;
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "redis-guard-jedis-sampler " + hostAndPort);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletionStage<String> info(String section) {
        try {
            return CompletableFuture.supplyAsync(() -> read(section), thread);
        } catch (RuntimeException e) { // closed
            return CompletableFuture.failedFuture(e);
        }
    }

    private String read(String section) {
        Connection c = connection;
        if (c == null) {
            c = new Connection(hostAndPort, config);
            connection = c;
        }
        try {
            Object reply = c.executeCommand(new CommandArguments(Protocol.Command.INFO).add(section));
            return reply instanceof byte[] ? new String((byte[]) reply, StandardCharsets.UTF_8) : String.valueOf(reply);
        } catch (JedisConnectionException e) {
            connection = null;
            c.close();
            throw e;
        }
    }

    @Override
    public void close() {
        thread.execute(() -> {
            Connection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
        });
        thread.shutdown();
    }
}
