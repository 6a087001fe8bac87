/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** Where a {@link RedisServer} really lives: a local process, a container, or an external server. */
interface ServerHandle {

    String host();

    int port();

    /** The server's process id when it is a local process. */
    default OptionalLong pid() {
        return OptionalLong.empty();
    }

    /** The local server's working directory (data and log), deleted on {@link #close()}. */
    default Optional<Path> directory() {
        return Optional.empty();
    }

    /** Stops the server and starts it again on the same port; only a local process can. */
    default void restart() {
        throw new UnsupportedOperationException("only a locally started redis-server can be restarted");
    }

    /** Stops the server if this handle started it, and frees what it holds. Idempotent. */
    void close();
}
