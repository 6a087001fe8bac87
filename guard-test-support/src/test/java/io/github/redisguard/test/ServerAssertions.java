/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Assertions shared by the integration tests. */
final class ServerAssertions {

    private ServerAssertions() {}

    /** Local test servers only: the environment without {@code REDIS_URL} and without containers. */
    static Environment localOnly() {
        return Environment.system().without(RedisServer.REDIS_URL);
    }

    /**
     * Asserts that {@code server} was closed and, when it was a local process, that the process is gone, the port
     * refuses connections and the temporary directory is deleted.
     */
    static void assertStopped(RedisServer server) {
        assertThatThrownBy(() -> server.call("PING"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(" is closed");
        if (server.source() == RedisServer.Source.LOCAL_BINARY) {
            long pid = server.pid().orElseThrow();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("redis-server process %d", pid)
                    .isEmpty();
            assertThatThrownBy(() -> connect(server.port())).isInstanceOf(ConnectException.class);
            assertThat(server.directory().orElseThrow()).doesNotExist();
        }
    }

    static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalRedisProcess.HOST, port), 2_000);
        }
    }
}
