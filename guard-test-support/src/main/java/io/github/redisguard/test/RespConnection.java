/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** One blocking RESP2 connection. Not thread-safe: {@link RedisServer} guards it with a lock. */
final class RespConnection implements AutoCloseable {

    private final Socket socket;

    private final InputStream in;

    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /**
     * Connects to {@code host:port}.
     *
     * @param connectTimeout how long to wait for the TCP connection
     * @param readTimeout how long to wait for each reply; zero waits forever
     */
    static RespConnection open(String host, int port, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), clamp(connectTimeout));
            socket.setSoTimeout(clamp(readTimeout));
            return new RespConnection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and returns its reply; see {@link Resp#read(InputStream)}. */
    @Nullable
    Object call(String... args) throws IOException {
        Resp.write(out, args);
        return Resp.read(in);
    }

    /** Sends one command and does not wait for a reply (for SHUTDOWN, which closes the connection). */
    void send(String... args) throws IOException {
        Resp.write(out, args);
    }

    /** Waits until the server closes the connection or {@code readTimeout} passes, discarding what arrives. */
    void drain() {
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (IOException e) {
            // closed or timed out: either way there is nothing more to wait for
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do: the socket is unusable either way
        }
    }

    private static int clamp(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, duration.toMillis()));
    }
}
