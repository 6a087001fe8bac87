/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.concurrent.CompletionStage;

/**
 * Reads a server's INFO for the memory breaker, on a connection of the adapter's own (never the application's: a
 * sample must not wait behind the application's pipeline). Called from the guard's background thread only.
 */
public interface MemorySampler extends AutoCloseable {

    /**
     * Sends {@code INFO <section>} and returns the reply text. Must not block: the stage completes when the reply
     * arrives, or exceptionally when the server refuses (e.g. an ACL without {@code +info}) or cannot be reached.
     */
    CompletionStage<String> info(String section);

    /** Closes the sampler's connection. */
    @Override
    void close();
}
