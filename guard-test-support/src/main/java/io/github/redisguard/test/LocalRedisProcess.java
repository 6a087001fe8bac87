/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} child process on a free loopback port, with its own temporary directory for data, log and
 * console output.
 *
 * <p>Startup polls PING until the server answers and checks through {@code INFO server} that the answer comes from
 * this process, not from another server that took the port first; a server that exits because the port was taken
 * is started again on another port. A JVM shutdown hook kills every process still running when the JVM exits.
 */
final class LocalRedisProcess implements ServerHandle {

    static final String HOST = "127.0.0.1";

    static final String LOG_FILE = "redis.log";

    static final String CONSOLE_FILE = "console.log";

    private static final int PORT_ATTEMPTS = 5;

    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private static final Duration PROBE_CONNECT_TIMEOUT = Duration.ofMillis(250);

    private static final Duration PROBE_READ_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private static final int TAIL_LINES = 40;

    private final Path binary;

    private final List<String> serverArgs;

    private final Duration startupTimeout;

    private final Path directory;

    private volatile int port;

    private volatile @Nullable Process process;

    private boolean closed; // guarded by this

    private LocalRedisProcess(Path binary, RedisServerOptions options, Path directory) {
        this.binary = binary;
        this.serverArgs = options.serverArgs();
        this.startupTimeout = options.startupTimeout();
        this.directory = directory;
    }

    /**
     * Starts {@code binary} on a free port and waits until it answers PING.
     *
     * @throws IllegalStateException if the server exits early or does not answer in time; the message holds the
     *     end of its log
     * @throws UncheckedIOException if the temporary directory cannot be created or the process cannot be started
     */
    static LocalRedisProcess start(Path binary, RedisServerOptions options) {
        Path directory;
        try {
            directory = Files.createTempDirectory("redis-guard-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for redis-server", e);
        }
        LocalRedisProcess server = new LocalRedisProcess(binary, options, directory);
        Reaper.register(server);
        try {
            server.startOnFreePort();
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public OptionalLong pid() {
        Process current = process;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid());
    }

    @Override
    public Optional<Path> directory() {
        return Optional.of(directory);
    }

    @Override
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("redis-server on port " + port + " is closed");
        }
        Process current = process;
        if (current != null) {
            stop(current);
        }
        @Nullable PortTakenException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                launch(port);
                return;
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw new IllegalStateException(
                "redis-server cannot start again on port " + port + ": another process holds the port", last);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Process current = process;
            if (current != null) {
                stop(current);
            }
        } finally {
            deleteDirectory(directory);
            Reaper.unregister(this);
        }
    }

    private void startOnFreePort() {
        @Nullable PortTakenException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                launch(freePort());
                return;
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw new IllegalStateException(
                "redis-server could not bind a free loopback port in " + PORT_ATTEMPTS + " attempts", last);
    }

    private void launch(int candidatePort) {
        this.port = candidatePort;
        Path log = directory.resolve(LOG_FILE);
        Path console = directory.resolve(CONSOLE_FILE);
        List<String> command = command(candidatePort, log);
        Process started;
        try {
            Files.deleteIfExists(log);
            Files.deleteIfExists(console);
            started = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(console.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        process = started;
        awaitReady(started, candidatePort, command);
    }

    private List<String> command(int candidatePort, Path log) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(
                "--port",
                Integer.toString(candidatePort),
                "--bind",
                HOST,
                "--dir",
                directory.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--logfile",
                log.toString()));
        command.addAll(serverArgs);
        return command;
    }

    private void awaitReady(Process started, int candidatePort, List<String> command) {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            if (!started.isAlive()) {
                String tail = logTail();
                if (tail.contains("Address already in use")) {
                    throw new PortTakenException("port " + candidatePort + " was taken" + tail);
                }
                throw new IllegalStateException("redis-server exited with code " + started.exitValue()
                        + " before answering PING; command: " + display(command) + tail);
            }
            if (probe(candidatePort, started.pid())) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                kill(started);
                throw new IllegalStateException("redis-server on port " + candidatePort + " did not answer PING within "
                        + startupTimeout + "; command: " + display(command) + logTail());
            }
            try {
                started.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(started);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server to answer PING", e);
            }
        }
    }

    /** Whether this process answers; false while nothing listens, while loading, or when another server answers. */
    private static boolean probe(int candidatePort, long pid) {
        try (RespConnection connection =
                RespConnection.open(HOST, candidatePort, PROBE_CONNECT_TIMEOUT, PROBE_READ_TIMEOUT)) {
            if (!"PONG".equals(connection.call("PING"))) {
                return false;
            }
            Object info = connection.call("INFO", "server");
            String processId = RedisServer.parseInfo(String.valueOf(info)).get("process_id");
            return processId == null || processId.equals(Long.toString(pid));
        } catch (RedisErrorReply e) {
            // LOADING: not ready yet. Anything else (NOAUTH, NOPERM) still proves that a server answers.
            return !e.code().equals("LOADING");
        } catch (IOException e) {
            return false;
        }
    }

    private void stop(Process running) {
        if (running.isAlive()) {
            try (RespConnection connection = RespConnection.open(HOST, port, Duration.ofSeconds(1), STOP_TIMEOUT)) {
                connection.call("SHUTDOWN", "NOSAVE");
            } catch (IOException | RedisErrorReply e) {
                // the usual outcome: the server closes the connection while shutting down
            }
        }
        if (!waitFor(running, STOP_TIMEOUT)) {
            running.destroy();
            if (!waitFor(running, STOP_TIMEOUT)) {
                kill(running);
            }
        }
    }

    private static void kill(Process running) {
        running.destroyForcibly();
        waitFor(running, STOP_TIMEOUT);
    }

    private static boolean waitFor(Process running, Duration timeout) {
        try {
            return running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
            return !running.isAlive();
        }
    }

    /** The last lines of the console output and the log file, each under a heading; a leading line break. */
    String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String name : List.of(CONSOLE_FILE, LOG_FILE)) {
            Path file = directory.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (lines.isEmpty()) {
                    continue;
                }
                tail.append(System.lineSeparator())
                        .append("--- last lines of ")
                        .append(file)
                        .append(" ---");
                for (String line : lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size())) {
                    tail.append(System.lineSeparator()).append(line);
                }
            } catch (IOException | UncheckedIOException e) {
                tail.append(System.lineSeparator())
                        .append("(cannot read ")
                        .append(file)
                        .append(": ")
                        .append(e);
            }
        }
        return tail.length() == 0 ? System.lineSeparator() + "(redis-server wrote no log)" : tail.toString();
    }

    @Override
    public String toString() {
        return "redis-server " + binary + " on " + HOST + ":" + port + " in " + directory;
    }

    private static String display(List<String> command) {
        StringBuilder text = new StringBuilder();
        for (String word : command) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(word.isEmpty() || word.contains(" ") ? "'" + word + "'" : word);
        }
        return text.toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        }
    }

    static void deleteDirectory(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // best effort: a leftover temporary directory does no harm
        }
    }

    /** Forcibly stops the process and deletes the directory, without locking: runs in the shutdown hook. */
    private void reap() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
            if (!waitFor(current, Duration.ofSeconds(2))) {
                current.destroyForcibly();
                waitFor(current, Duration.ofSeconds(2));
            }
        }
        deleteDirectory(directory);
    }

    /** The server exited because its port was taken; the caller tries another port. */
    private static final class PortTakenException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }

    /** Stops every process still running when the JVM exits. */
    private static final class Reaper {

        private static final Set<LocalRedisProcess> LIVE = ConcurrentHashMap.newKeySet();

        private static final AtomicBoolean HOOK_INSTALLED = new AtomicBoolean();

        private Reaper() {}

        static void register(LocalRedisProcess server) {
            if (HOOK_INSTALLED.compareAndSet(false, true)) {
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> LIVE.forEach(LocalRedisProcess::reap), "redis-guard-test-server-reaper"));
            }
            LIVE.add(server);
        }

        static void unregister(LocalRedisProcess server) {
            LIVE.remove(server);
        }
    }
}
