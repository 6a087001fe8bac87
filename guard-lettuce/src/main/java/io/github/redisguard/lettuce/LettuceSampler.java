/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.spi.MemorySampler;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.concurrent.CompletionStage;

/** Reads INFO for the memory breaker on a connection of its own, never the application's. */
final class LettuceSampler implements MemorySampler {

    private final StatefulRedisConnection<String, String> connection;

    LettuceSampler(StatefulRedisConnection<String, String> connection) {
        this.connection = connection;
    }

    @Override
    public CompletionStage<String> info(String section) {
        return connection.async().info(section);
    }

    @Override
    public void close() {
        connection.closeAsync();
    }
}
