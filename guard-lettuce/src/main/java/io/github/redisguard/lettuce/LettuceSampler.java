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

    private final Runnable onClose;

    LettuceSampler(StatefulRedisConnection<String, String> connection) {
        this(connection, () -> {});
    }

    /** @param onClose run after the connection is closed (e.g. shuts down the client it was opened on) */
    LettuceSampler(StatefulRedisConnection<String, String> connection, Runnable onClose) {
        this.connection = connection;
        this.onClose = onClose;
    }

    @Override
    public CompletionStage<String> info(String section) {
        return connection.async().info(section);
    }

    @Override
    public void close() {
        connection.closeAsync().whenComplete((ignored, error) -> onClose.run());
    }
}
