/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A running Redis server for tests, demos and benchmarks, with a small built-in client to administer it.
 *
 * <p>{@link #start(RedisServerOptions)} gets a server from the first of these sources that is available, and
 * {@link #source()} tells which:
 *
 * <ol>
 *   <li>{@link Source#EXTERNAL}: the environment variable (or system property) {@value #REDIS_URL}, such as
 *       {@code redis://user:password@host:6379/0}. <strong>It must point at a disposable server:</strong> the server
 *       is flushed ({@code FLUSHALL}) at start, and {@code maxmemory}/{@code maxmemory-policy} are applied with
 *       {@code CONFIG SET} and stay applied after {@link #close()}, which does not stop it.
 *   <li>{@link Source#LOCAL_BINARY}: a {@code redis-server} executable, named by the environment variable (or
 *       system property) {@value #REDIS_SERVER_BINARY} or else found on the {@code PATH}, started on a free
 *       loopback port with a fresh temporary directory, no persistence, and the {@linkplain RedisServerOptions
 *       options}' arguments. A JVM shutdown hook stops it if it was never closed.
 *   <li>{@link Source#CONTAINER}: a {@code redis:7.0} container, when Testcontainers is on the class path and a
 *       Docker engine answers. Its clients connect through Docker's network, so arguments meant for local clients
 *       only (such as {@code --enable-debug-command local}) do not open anything to them.
 * </ol>
 *
 * <p>When none is available, {@code start} fails with a message that says how to get one; it never returns a
 * server that is not there.
 *
 * <p>Thread-safe. {@link #call(String...)} and its conveniences share one connection, one command at a time; the
 * connection is opened on first use and again after {@link #restart()} or a connection failure.
 */
public final class RedisServer implements AutoCloseable {

    /** The setting (environment variable or system property) naming an external server to use. */
    public static final String REDIS_URL = "REDIS_URL";

    /** The setting (environment variable or system property) naming the {@code redis-server} executable. */
    public static final String REDIS_SERVER_BINARY = "REDIS_SERVER_BINARY";

    /** How long {@link #call(String...)} waits for a reply before it fails. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    static final String HOW_TO_GET_ONE = String.join(
            System.lineSeparator(),
            "Get a Redis server for tests in one of these ways:",
            "  - set REDIS_URL to a disposable server, e.g. REDIS_URL=redis://127.0.0.1:6379 (it is flushed at start);",
            "  - install redis-server so that it is on the PATH: sudo apt-get install -y redis-server (Debian/Ubuntu),"
                    + " brew install redis (macOS); or set REDIS_SERVER_BINARY to its path;",
            "  - run a Docker engine and put org.testcontainers:testcontainers on the test class path.");

    private static final String TESTCONTAINERS_PROBE = "org.testcontainers.DockerClientFactory";

    /** Where a server came from. */
    public enum Source {
        /** A server named by {@value RedisServer#REDIS_URL}; not started or stopped here. */
        EXTERNAL,
        /** A {@code redis-server} process started by this JVM. */
        LOCAL_BINARY,
        /** A Testcontainers container started by this JVM. */
        CONTAINER
    }

    private final Source source;

    private final RedisServerOptions options;

    private final ServerHandle handle;

    private final String uri;

    private final @Nullable String user;

    private final @Nullable String password;

    private final int database;

    private final ReentrantLock connectionLock = new ReentrantLock();

    private final Object lifecycleLock = new Object();

    private volatile @Nullable RespConnection connection;

    private volatile boolean closed;

    private RedisServer(
            Source source,
            RedisServerOptions options,
            ServerHandle handle,
            String uri,
            @Nullable String user,
            @Nullable String password,
            int database) {
        this.source = source;
        this.options = options;
        this.handle = handle;
        this.uri = uri;
        this.user = user;
        this.password = password;
        this.database = database;
    }

    /**
     * Returns a running server with {@link RedisServerOptions#defaults()}; see {@link #start(RedisServerOptions)}.
     *
     * @throws IllegalStateException if no source of a server is available, or the server does not start
     */
    public static RedisServer start() {
        return start(RedisServerOptions.defaults());
    }

    /**
     * Returns a running server configured by {@code options}, from the first available source (see the class
     * documentation). Blocks until the server answers PING, at most {@link RedisServerOptions#startupTimeout()}
     * per attempt. The caller closes it.
     *
     * @throws NullPointerException if {@code options} is null
     * @throws IllegalStateException if no source of a server is available (the message says how to get one);
     *     if {@value #REDIS_URL} is malformed, its server does not answer, or {@link RedisServerOptions#extraArgs()}
     *     are given with it; if {@value #REDIS_SERVER_BINARY} does not name an executable file; or if a started
     *     server exits early or does not answer in time (the message holds the end of its log)
     * @throws UncheckedIOException if a temporary directory or process cannot be created
     */
    public static RedisServer start(RedisServerOptions options) {
        return start(options, Environment.system());
    }

    static RedisServer start(RedisServerOptions options, Environment environment) {
        Objects.requireNonNull(options, "options");
        String url = environment.setting(REDIS_URL);
        if (url != null) {
            return external(RedisUrl.parse(url), options);
        }
        Path binary = findBinary(environment);
        if (binary != null) {
            LocalRedisProcess process = LocalRedisProcess.start(binary, options);
            return new RedisServer(
                    Source.LOCAL_BINARY,
                    options,
                    process,
                    "redis://" + process.host() + ":" + process.port(),
                    null,
                    null,
                    0);
        }
        boolean testcontainers = testcontainersOnClassPath();
        if (environment.containersAllowed() && testcontainers && ContainerRedis.dockerAvailable()) {
            ServerHandle container = ContainerRedis.start(options);
            RedisServer server = new RedisServer(
                    Source.CONTAINER,
                    options,
                    container,
                    "redis://" + container.host() + ":" + container.port(),
                    null,
                    null,
                    0);
            server.awaitPing();
            return server;
        }
        String containers = !environment.containersAllowed()
                ? "Testcontainers was not tried"
                : testcontainers
                        ? "no Docker engine answers Testcontainers"
                        : "Testcontainers is not on the class path";
        throw new IllegalStateException("No Redis server for tests: " + REDIS_URL + " is not set, no redis-server"
                + " executable is on the PATH (" + environment.variable("PATH") + "), and " + containers + "."
                + System.lineSeparator() + HOW_TO_GET_ONE);
    }

    private static RedisServer external(RedisUrl url, RedisServerOptions options) {
        if (!options.extraArgs().isEmpty()) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "extraArgs must be empty when %s is set (they need a locally started redis-server: unset %s or"
                            + " drop them), but was %s",
                    REDIS_URL,
                    REDIS_URL,
                    options.extraArgs()));
        }
        RedisServer server = new RedisServer(
                Source.EXTERNAL,
                options,
                new External(url.host(), url.port()),
                url.text(),
                url.user(),
                url.password(),
                url.database());
        try {
            server.flushAll();
            options.maxmemory().ifPresent(value -> server.call("CONFIG", "SET", "maxmemory", value));
            options.maxmemoryPolicy().ifPresent(value -> server.call("CONFIG", "SET", "maxmemory-policy", value));
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException(
                    "the server at " + REDIS_URL + "=" + url.masked() + " cannot be used: " + e.getMessage(), e);
        }
        return server;
    }

    /**
     * The executable named by {@value #REDIS_SERVER_BINARY}, else {@code redis-server} on the PATH, else null.
     *
     * @throws IllegalStateException if {@value #REDIS_SERVER_BINARY} names no executable file
     */
    static @Nullable Path findBinary(Environment environment) {
        String override = environment.setting(REDIS_SERVER_BINARY);
        if (override != null) {
            Path path = executable(override, "");
            if (path == null) {
                throw new IllegalStateException(String.format(
                                Locale.ROOT,
                                "%s must name an executable redis-server file, but was '%s'",
                                REDIS_SERVER_BINARY,
                                override)
                        + System.lineSeparator()
                        + HOW_TO_GET_ONE);
            }
            return path;
        }
        String searchPath = environment.variable("PATH");
        if (searchPath == null) {
            return null;
        }
        for (String directory : searchPath.split(File.pathSeparator)) {
            if (directory.isBlank()) {
                continue;
            }
            for (String name : List.of("redis-server", "redis-server.exe")) {
                Path path = executable(directory, name);
                if (path != null) {
                    return path;
                }
            }
        }
        return null;
    }

    private static @Nullable Path executable(String directory, String name) {
        try {
            Path path = Path.of(directory, name);
            return Files.isRegularFile(path) && Files.isExecutable(path) ? path.toAbsolutePath() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean testcontainersOnClassPath() {
        try {
            Class.forName(TESTCONTAINERS_PROBE, false, RedisServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Returns where this server came from. */
    public Source source() {
        return source;
    }

    /** Returns the options the server was started with. */
    public RedisServerOptions options() {
        return options;
    }

    /** Returns the host to connect to, such as {@code 127.0.0.1}. */
    public String host() {
        return handle.host();
    }

    /** Returns the TCP port to connect to; it stays the same across {@link #restart()}. */
    public int port() {
        return handle.port();
    }

    /**
     * Returns the URI for clients, {@code redis://host:port}; for {@link Source#EXTERNAL} the {@value #REDIS_URL}
     * as given, credentials and database included.
     */
    public String uri() {
        return uri;
    }

    /**
     * Returns the process id of a {@link Source#LOCAL_BINARY} server (a new one after {@link #restart()}); empty for
     * the other sources.
     */
    public OptionalLong pid() {
        return handle.pid();
    }

    /** The working directory of a local server (data, log, console output); deleted by {@link #close()}. */
    Optional<Path> directory() {
        return handle.directory();
    }

    /**
     * Stops a {@link Source#LOCAL_BINARY} server and starts it again on the same port with the same options. All
     * data is lost. Blocks until the new process answers PING. The built-in client reconnects on its next call;
     * other clients see their connections drop.
     *
     * @throws UnsupportedOperationException if the source is not {@link Source#LOCAL_BINARY}
     * @throws IllegalStateException if this server is closed, or the new process does not start (the message holds
     *     the end of its log)
     */
    public void restart() {
        if (source != Source.LOCAL_BINARY) {
            throw new UnsupportedOperationException(
                    "restart() needs a locally started redis-server, but this server's source is " + source);
        }
        synchronized (lifecycleLock) {
            requireOpen();
            discardConnection(null);
            handle.restart();
        }
    }

    /**
     * Sends one command and returns its reply: a {@link String} for simple and bulk strings (UTF-8), a {@link Long}
     * for integers, a {@code List<@Nullable Object>} for arrays (errors inside an array are returned as
     * {@link RedisErrorReply} elements), null for nil. Waits at most {@link #COMMAND_TIMEOUT} for the reply.
     *
     * @param args the command and its arguments, such as {@code "CONFIG", "GET", "maxmemory"}
     * @throws NullPointerException if {@code args} or an element is null
     * @throws IllegalArgumentException if {@code args} is empty
     * @throws RedisErrorReply if the server replies with an error
     * @throws IllegalStateException if this server is closed
     * @throws UncheckedIOException if the connection fails; the next call opens a new one
     */
    public @Nullable Object call(String... args) {
        Objects.requireNonNull(args, "args");
        if (args.length == 0) {
            throw new IllegalArgumentException("args must name a command, but was empty");
        }
        for (String arg : args) {
            Objects.requireNonNull(arg, "args element");
        }
        connectionLock.lock();
        try {
            requireOpen();
            RespConnection current = connection;
            if (current == null) {
                current = connect();
                connection = current;
            }
            try {
                return current.call(args);
            } catch (IOException e) {
                discardConnection(current);
                throw new UncheckedIOException(
                        "command " + args[0] + " to " + describe() + " failed: " + e.getMessage(), e);
            }
        } finally {
            connectionLock.unlock();
        }
    }

    /**
     * Returns the fields of {@code INFO section} (such as {@code "memory"}, {@code "server"} or {@code "all"}) as an
     * unmodifiable map in server order, such as {@code used_memory -> 1234567}.
     *
     * @throws NullPointerException if {@code section} is null
     * @throws RedisErrorReply if the server refuses INFO
     * @throws IllegalStateException if this server is closed
     * @throws UncheckedIOException if the connection fails
     */
    public Map<String, String> info(String section) {
        Objects.requireNonNull(section, "section");
        return parseInfo(String.valueOf(call("INFO", section)));
    }

    /**
     * Returns {@code used_memory} from {@code INFO memory}, in bytes.
     *
     * @throws RedisErrorReply if the server refuses INFO
     * @throws IllegalStateException if this server is closed or INFO lacks the field
     * @throws UncheckedIOException if the connection fails
     */
    public long usedMemory() {
        String value = info("memory").get("used_memory");
        if (value == null) {
            throw new IllegalStateException("INFO memory has no used_memory field on " + describe());
        }
        return Long.parseLong(value);
    }

    /**
     * Returns how often the server executed {@code command} since it started or since {@code CONFIG RESETSTAT}
     * ({@code calls} of {@code INFO commandstats}); 0 for a command it never ran. Commands inside scripts count too.
     *
     * @param command a command name, any case, such as {@code "GET"}
     * @throws NullPointerException if {@code command} is null
     * @throws RedisErrorReply if the server refuses INFO
     * @throws IllegalStateException if this server is closed
     * @throws UncheckedIOException if the connection fails
     */
    public long calls(String command) {
        Objects.requireNonNull(command, "command");
        String entry = info("commandstats").get("cmdstat_" + command.toLowerCase(Locale.ROOT));
        if (entry == null) {
            return 0;
        }
        String calls = entry.substring(entry.indexOf("calls=") + "calls=".length());
        return Long.parseLong(calls.substring(0, calls.indexOf(',')));
    }

    /**
     * Deletes every key in every database ({@code FLUSHALL}).
     *
     * @throws RedisErrorReply if the server refuses the command
     * @throws IllegalStateException if this server is closed
     * @throws UncheckedIOException if the connection fails
     */
    public void flushAll() {
        call("FLUSHALL");
    }

    /**
     * Returns the number of keys in the current database ({@code DBSIZE}).
     *
     * @throws RedisErrorReply if the server refuses the command
     * @throws IllegalStateException if this server is closed
     * @throws UncheckedIOException if the connection fails
     */
    public long dbSize() {
        Object reply = call("DBSIZE");
        if (!(reply instanceof Long)) {
            throw new IllegalStateException("DBSIZE must reply with an integer, but was " + reply);
        }
        return (Long) reply;
    }

    /**
     * Returns the value of the configuration parameter {@code name} ({@code CONFIG GET name}), such as
     * {@code "2097152"} for {@code maxmemory}; null if the server has no such parameter.
     *
     * @param name an exact parameter name, not a pattern
     * @throws NullPointerException if {@code name} is null
     * @throws RedisErrorReply if the server refuses CONFIG (as managed services do)
     * @throws IllegalStateException if this server is closed
     * @throws UncheckedIOException if the connection fails
     */
    public @Nullable String configGet(String name) {
        Objects.requireNonNull(name, "name");
        Object reply = call("CONFIG", "GET", name);
        if (reply instanceof List) {
            List<?> pairs = (List<?>) reply;
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                if (name.equalsIgnoreCase(String.valueOf(pairs.get(i)))) {
                    Object value = pairs.get(i + 1);
                    return value == null ? null : value.toString();
                }
            }
        }
        return null;
    }

    /**
     * Stops the server and releases what it holds: for {@link Source#LOCAL_BINARY}, {@code SHUTDOWN NOSAVE}, then
     * the process is destroyed if it is still alive, awaited, and its temporary directory deleted; for
     * {@link Source#CONTAINER}, the container is stopped; for {@link Source#EXTERNAL}, only the connection is
     * closed. Idempotent; later calls other than {@code close()} and the accessors throw
     * {@link IllegalStateException}.
     */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            if (closed) {
                return;
            }
            closed = true;
            discardConnection(null);
            handle.close();
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + describe() + (closed ? ", closed" : "") + "]";
    }

    /** Parses an INFO reply: {@code key:value} lines; headings ({@code # Memory}) and blank lines are skipped. */
    static Map<String, String> parseInfo(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    private RespConnection connect() {
        RespConnection opened;
        try {
            opened = RespConnection.open(host(), port(), options.startupTimeout(), COMMAND_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
        try {
            if (password != null) {
                if (user != null) {
                    opened.call("AUTH", user, password);
                } else {
                    opened.call("AUTH", password);
                }
            }
            if (database != 0) {
                opened.call("SELECT", Integer.toString(database));
            }
            return opened;
        } catch (IOException e) {
            opened.close();
            throw new UncheckedIOException("cannot set up the connection to " + describe() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Closes the connection if it is {@code expected} (any connection when null), so the next call reconnects. */
    private void discardConnection(@Nullable RespConnection expected) {
        RespConnection current = connection;
        if (current != null && (expected == null || expected == current)) {
            connection = null;
            current.close();
        }
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + options.startupTimeout().toNanos();
        @Nullable RuntimeException last = null;
        while (true) {
            try {
                Object reply = call("PING");
                if ("PONG".equals(reply)) {
                    return;
                }
                last = new IllegalStateException("PING must reply PONG, but was " + reply);
            } catch (UncheckedIOException | RedisErrorReply e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                close();
                throw new IllegalStateException(
                        describe() + " did not answer PING within " + options.startupTimeout(), last);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + describe() + " to answer", e);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(describe() + " is closed");
        }
    }

    private String describe() {
        return source + " " + (source == Source.EXTERNAL ? RedisUrl.parse(uri).masked() : uri)
                + pid().stream()
                        .mapToObj(pid -> " (pid " + pid + ")")
                        .findFirst()
                        .orElse("");
    }

    /** A server this JVM neither started nor stops. */
    private static final class External implements ServerHandle {

        private final String host;

        private final int port;

        External(String host, int port) {
            this.host = host;
            this.port = port;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void close() {
            // not ours to stop
        }
    }
}
