/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A raw and a guarded connection to one test server, with the guard's meters at hand. */
final class GuardedConnections implements AutoCloseable {

    final RedisServer server;

    final RedisClient client;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    final RedisGuard guard;

    final StatefulRedisConnection<String, String> raw;

    final StatefulRedisConnection<String, String> guarded;

    final StatefulRedisConnection<byte[], byte[]> rawBytes;

    final StatefulRedisConnection<byte[], byte[]> guardedBytes;

    GuardedConnections(RedisServer server, GuardConfig config) {
        this.server = server;
        this.client = RedisClient.create(server.uri());
        this.guard = RedisGuard.builder(config).meterRegistry(registry).build();
        this.raw = client.connect();
        this.guarded = LettuceGuard.wrap(client.connect(), guard);
        this.rawBytes = client.connect(ByteArrayCodec.INSTANCE);
        this.guardedBytes = LettuceGuard.wrap(client.connect(ByteArrayCodec.INSTANCE), guard);
    }

    /** Returns how often the server executed {@code command} (INFO commandstats), to prove nothing was sent. */
    long calls(String command) {
        return server.calls(command);
    }

    /** Returns the value of the counter with this name and tags, 0 when it does not exist. */
    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        guarded.close();
        raw.close();
        guardedBytes.close();
        rawBytes.close();
        client.shutdown();
    }
}
