/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.spi.Invalidations;
import io.github.redisguard.spi.TrackingConnector;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/*
 * The local tier's tracking connection: a RESP2 connection of the guard's own that redirects its own invalidations
 * to itself and subscribes to them (CLIENT ID; CLIENT TRACKING on REDIRECT <id> BCAST PREFIX ...; SUBSCRIBE
 * __redis__:invalidate), read by a daemon thread. One code path for Jedis 7.4 and 8: Jedis 7.4 has no push API, and
 * Jedis 8's (an @Experimental protected push consumer) would still need a thread reading an idle connection. The
 * connection's protocol is the guard's choice, whatever the application's clients speak.
 *
 * A read that fails (CLIENT KILL, restart, network) reports the loss at once; the thread then reconnects with a
 * growing pause, enables tracking again and reports it on. Invalidations sent between TRACKING and SUBSCRIBE are lost,
 * which is harmless: the tier serves nothing it loaded before trackingOn(), reported after the subscription.
 */
final class JedisTracking implements TrackingConnector {

    /** The tracking connection's name in CLIENT LIST. */
    static final String CLIENT_NAME = "redis-guard-tracking";

    static final String CHANNEL = "__redis__:invalidate";

    private static final Logger LOG = LoggerFactory.getLogger(JedisTracking.class);

    private static final long MIN_PAUSE_MILLIS = 50;

    private static final long MAX_PAUSE_MILLIS = 1000;

    private final HostAndPort hostAndPort;

    private final JedisClientConfig config;

    JedisTracking(HostAndPort hostAndPort, JedisClientConfig config) {
        this.hostAndPort = hostAndPort;
        this.config = DefaultJedisClientConfig.builder()
                .from(config)
                .protocol(RedisProtocol.RESP2)
                .clientName(CLIENT_NAME)
                .build();
    }

    @Override
    public TrackingConnection open(List<String> prefixes, Invalidations invalidations) {
        Tracker tracker = new Tracker(prefixes, invalidations);
        Connection first;
        try {
            first = tracker.enable();
        } catch (JedisDataException e) {
            invalidations.trackingUnavailable("CLIENT TRACKING failed: " + e.getMessage());
            return () -> {};
        } catch (RuntimeException e) {
            first = null; // not reachable now: the thread keeps trying, the tier sends reads to Redis meanwhile
            invalidations.trackingLost();
        }
        if (first != null) {
            invalidations.trackingOn();
        }
        tracker.start(first);
        return tracker::close;
    }

    private final class Tracker implements Runnable {

        private final List<String> prefixes;

        private final Invalidations invalidations;

        private final Thread thread;

        private volatile @Nullable Connection connection;

        private volatile boolean closed;

        Tracker(List<String> prefixes, Invalidations invalidations) {
            this.prefixes = prefixes;
            this.invalidations = invalidations;
            this.thread = new Thread(this, "redis-guard-jedis-tracking " + hostAndPort);
            this.thread.setDaemon(true);
        }

        void start(@Nullable Connection first) {
            connection = first;
            thread.start();
        }

        /** Opens a connection with tracking on and the subscription made, ready to be read without a timeout. */
        Connection enable() {
            Connection c = new Connection(hostAndPort, config);
            try {
                Object id = c.executeCommand(new CommandArguments(Protocol.Command.CLIENT).add("ID"));
                CommandArguments tracking = new CommandArguments(Protocol.Command.CLIENT)
                        .add("TRACKING")
                        .add("on")
                        .add("REDIRECT")
                        .add(String.valueOf(id))
                        .add("BCAST");
                for (String prefix : prefixes) {
                    if (!prefix.isEmpty()) {
                        tracking.add("PREFIX").add(prefix);
                    }
                }
                c.executeCommand(tracking);
                c.sendCommand(new CommandArguments(Protocol.Command.SUBSCRIBE).add(CHANNEL));
                c.getOne(); // the subscription's confirmation
                c.setTimeoutInfinite();
                return c;
            } catch (RuntimeException e) {
                closeQuietly(c);
                throw e;
            }
        }

        @Override
        public void run() {
            long pause = MIN_PAUSE_MILLIS;
            while (!closed) {
                Connection c = connection;
                if (c == null) {
                    try {
                        Thread.sleep(pause);
                    } catch (InterruptedException e) {
                        return; // closed
                    }
                    pause = Math.min(MAX_PAUSE_MILLIS, pause * 2);
                    try {
                        c = enable();
                    } catch (JedisDataException e) {
                        invalidations.trackingUnavailable(
                                "CLIENT TRACKING failed after a reconnect: " + e.getMessage());
                        return;
                    } catch (RuntimeException e) {
                        continue; // not reachable yet
                    }
                    connection = c;
                    if (closed) {
                        closeQuietly(c);
                        return;
                    }
                    pause = MIN_PAUSE_MILLIS;
                    invalidations.trackingOn();
                }
                try {
                    received(c.getUnflushedObject());
                } catch (RuntimeException e) {
                    connection = null;
                    closeQuietly(c);
                    if (!closed) {
                        if (!(e instanceof JedisConnectionException)) {
                            LOG.warn("The tracking connection to {} failed; opening a new one", hostAndPort, e);
                        }
                        invalidations.trackingLost();
                    }
                }
            }
        }

        /** A message of the subscription: {@code [message, __redis__:invalidate, keys-or-nil]}. */
        private void received(@Nullable Object message) {
            if (!(message instanceof List) || ((List<?>) message).size() < 3) {
                return;
            }
            List<?> parts = (List<?>) message;
            if (!isText(parts.get(0), "message") || !isText(parts.get(1), CHANNEL)) {
                return;
            }
            invalidations.invalidateDecoded(parts.get(2));
        }

        void close() {
            closed = true;
            Connection c = connection;
            if (c != null) {
                closeQuietly(c); // unblocks the thread's read
            }
            thread.interrupt();
        }
    }

    private static boolean isText(@Nullable Object part, String text) {
        return part instanceof byte[] && Arrays.equals((byte[]) part, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (RuntimeException e) {
            // closing a broken connection
        }
    }
}
