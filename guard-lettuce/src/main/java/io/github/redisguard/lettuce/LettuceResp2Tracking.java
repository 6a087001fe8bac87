/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.spi.Invalidations;
import io.github.redisguard.spi.TrackingConnector;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Tracking for a client that speaks RESP2 (configured so, or the server refused HELLO 3): RESP2 has no pushes, so the
 * server sends the invalidations as pub/sub messages on __redis__:invalidate to another connection named by REDIRECT.
 *
 * Two connections of the guard's own: the control connection (the one LettuceTracking opened; Lettuce reconnects it)
 * sends CLIENT TRACKING on REDIRECT <id> BCAST PREFIX ...; the subscriber (a pub/sub connection) learns its CLIENT ID
 * before it subscribes. A session is one subscriber and the TRACKING it is named in. When either connection drops, the
 * session is lost (the tier flushes and reads go to Redis) and a new one is set up: a fresh subscriber (a reconnected
 * one would have a new id, and Lettuce refuses CLIENT ID on a subscribed RESP2 connection, so the guard closes the old
 * one instead of letting Lettuce reconnect it), then TRACKING off and on again with the new REDIRECT on the control
 * connection. Attempts that fail for want of a connection are retried after the client's reconnect delay; an error
 * reply (no CLIENT TRACKING, ACL) makes tracking unavailable.
 *
 * The message payload is an array of keys, or a null for FLUSHDB/FLUSHALL. Lettuce's PubSubOutput keeps only the last
 * element of an array payload as the message body, so the subscriber's codec collects every value decoded since the
 * channel name (decoding and the listener call happen one message at a time on the connection's thread).
 */
final class LettuceResp2Tracking implements TrackingConnector.TrackingConnection {

    /** The subscriber's name in CLIENT LIST. */
    static final String SUBSCRIBER_NAME = "redis-guard-invalidations";

    static final String CHANNEL = "__redis__:invalidate";

    private static final byte[] CHANNEL_BYTES = CHANNEL.getBytes(StandardCharsets.US_ASCII);

    private static final Logger LOG = LoggerFactory.getLogger(LettuceResp2Tracking.class);

    private final RedisClient client;

    private final RedisURI subscriberUri;

    private final StatefulRedisConnection<byte[], byte[]> control;

    private final List<String> prefixes;

    private final Invalidations invalidations;

    /** Guards the fields below. */
    private final Object lock = new Object();

    private long session;

    private int attempts;

    private boolean on;

    private boolean closed;

    private @Nullable StatefulRedisPubSubConnection<byte[], byte[]> subscriber;

    private LettuceResp2Tracking(
            RedisClient client,
            RedisURI uri,
            StatefulRedisConnection<byte[], byte[]> control,
            List<String> prefixes,
            Invalidations invalidations) {
        this.client = client;
        this.subscriberUri =
                RedisURI.builder(uri).withClientName(SUBSCRIBER_NAME).build();
        this.control = control;
        List<String> literal = new ArrayList<>();
        for (String prefix : prefixes) {
            if (!prefix.isEmpty()) {
                literal.add(prefix);
            }
        }
        this.prefixes = literal;
        this.invalidations = invalidations;
    }

    /**
     * Sets up tracking over {@code control} (a RESP2 connection) and a subscriber of its own; waits for the first
     * session up to the URI's timeout (later attempts go on in the background).
     */
    static LettuceResp2Tracking open(
            RedisClient client,
            RedisURI uri,
            StatefulRedisConnection<byte[], byte[]> control,
            List<String> prefixes,
            Invalidations invalidations) {
        LettuceResp2Tracking tracking = new LettuceResp2Tracking(client, uri, control, prefixes, invalidations);
        control.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                tracking.restart(); // the server forgot TRACKING with the old connection
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                tracking.lost(-1);
            }
        });
        CompletableFuture<Void> first = tracking.restart();
        try {
            first.get(uri.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // reported by the attempt itself (unavailable, or retrying while reads go to Redis)
        }
        return tracking;
    }

    /** Starts a new session, superseding any other; completes when this attempt is done, whatever its outcome. */
    private CompletableFuture<Void> restart() {
        long mine;
        StatefulRedisPubSubConnection<byte[], byte[]> old;
        boolean wasOn;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            mine = ++session;
            old = subscriber;
            subscriber = null;
            wasOn = on;
            on = false;
        }
        if (wasOn) {
            invalidations.trackingLost();
        }
        if (old != null) {
            old.closeAsync();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        InvalidationCodec codec = new InvalidationCodec();
        client.connectPubSubAsync(codec, subscriberUri)
                .toCompletableFuture()
                .thenCompose(connection -> subscribe(mine, connection, codec))
                .thenCompose(id -> enable(mine, id))
                .whenComplete((ignored, error) -> {
                    try {
                        settle(mine, error);
                    } finally {
                        done.complete(null);
                    }
                });
        return done;
    }

    private CompletionStage<Long> subscribe(
            long mine, StatefulRedisPubSubConnection<byte[], byte[]> connection, InvalidationCodec codec) {
        synchronized (lock) {
            if (closed || session != mine) {
                connection.closeAsync();
                return CompletableFuture.failedFuture(new Superseded());
            }
            subscriber = connection;
        }
        connection.addListener(new RedisPubSubAdapter<byte[], byte[]>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                received(channel, codec.take());
            }
        });
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                lost(mine);
            }
        });
        return connection
                .async()
                .clientId()
                .thenCompose(id -> connection.async().subscribe(CHANNEL_BYTES).thenApply(ignored -> id));
    }

    private CompletionStage<Void> enable(long mine, long subscriberId) {
        synchronized (lock) {
            if (closed || session != mine) {
                return CompletableFuture.failedFuture(new Superseded());
            }
        }
        TrackingArgs args = TrackingArgs.Builder.enabled().bcast().redirect(subscriberId);
        if (!prefixes.isEmpty()) {
            args.prefixes(StandardCharsets.UTF_8, prefixes.toArray(new String[0]));
        }
        // Off first: the control connection may still track with the previous REDIRECT, and the server refuses
        // prefixes that overlap the ones it already tracks.
        return control.async()
                .clientTracking(TrackingArgs.Builder.enabled(false))
                .thenCompose(ignored -> control.async().clientTracking(args))
                .thenApply(ignored -> null);
    }

    private void settle(long mine, @Nullable Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof Superseded) {
            return;
        }
        StatefulRedisPubSubConnection<byte[], byte[]> dropped = null;
        long attempt = 0;
        boolean report;
        synchronized (lock) {
            report = !closed && session == mine;
            if (report && cause == null) {
                on = true;
                attempts = 0;
            } else if (report) {
                dropped = subscriber;
                subscriber = null;
                attempt = ++attempts;
            }
        }
        if (!report) {
            return;
        }
        if (cause == null) {
            invalidations.trackingOn();
            return;
        }
        if (dropped != null) {
            dropped.closeAsync();
        }
        if (cause instanceof RedisCommandExecutionException) {
            synchronized (lock) {
                session++; // no retries: the server answered, and will answer the same
            }
            invalidations.trackingUnavailable("CLIENT TRACKING with REDIRECT failed: " + cause.getMessage());
            return;
        }
        Duration delay = client.getResources().reconnectDelay().createDelay(attempt);
        LOG.debug("Invalidation subscriber: attempt {} failed ({}); again in {}", attempt, cause.toString(), delay);
        client.getResources().eventExecutorGroup().schedule(() -> retry(mine), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void retry(long mine) {
        synchronized (lock) {
            if (closed || session != mine) {
                return;
            }
        }
        restart();
    }

    /** A connection of session {@code mine} (-1: the control connection) dropped. */
    private void lost(long mine) {
        boolean current;
        synchronized (lock) {
            current = !closed && (mine < 0 || session == mine);
        }
        if (!current) {
            return;
        }
        if (mine < 0) {
            // The control connection: report the loss now; its reconnect starts the next session.
            boolean wasOn;
            synchronized (lock) {
                wasOn = on;
                on = false;
                session++; // stale attempts stop here
            }
            if (wasOn) {
                invalidations.trackingLost();
            }
            return;
        }
        restart();
    }

    private void received(byte[] channel, @Nullable List<byte[]> keys) {
        try {
            if (!Arrays.equals(channel, CHANNEL_BYTES)) {
                return;
            }
            // No key decoded: a null payload (FLUSHDB, FLUSHALL) or one the codec did not see; drop everything.
            invalidations.invalidate(keys == null || keys.isEmpty() ? null : keys);
        } catch (RuntimeException e) {
            LOG.warn("Could not apply an invalidation message; flushing the local tier", e);
            invalidations.invalidate(null);
        }
    }

    @Override
    public void close() {
        StatefulRedisPubSubConnection<byte[], byte[]> current;
        synchronized (lock) {
            closed = true;
            current = subscriber;
            subscriber = null;
        }
        if (current != null) {
            current.closeAsync();
        }
        control.closeAsync();
    }

    /** An attempt another session replaced. */
    private static final class Superseded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Superseded() {
            super("superseded", null, false, false);
        }
    }

    /**
     * Byte arrays both ways; collects the values decoded since the last key (the channel name), which for a message
     * on {@code __redis__:invalidate} are the payload's keys.
     */
    static final class InvalidationCodec implements RedisCodec<byte[], byte[]> {

        private @Nullable List<byte[]> values;

        @Override
        public synchronized byte[] decodeKey(ByteBuffer bytes) {
            values = new ArrayList<>();
            return copy(bytes);
        }

        @Override
        public synchronized byte[] decodeValue(ByteBuffer bytes) {
            byte[] value = copy(bytes);
            if (values != null) {
                values.add(value);
            }
            return value;
        }

        /** Returns the values decoded since the last key and forgets them; null if none was decoded. */
        synchronized @Nullable List<byte[]> take() {
            List<byte[]> taken = values;
            values = null;
            return taken;
        }

        @Override
        public ByteBuffer encodeKey(byte[] key) {
            return ByteBuffer.wrap(key);
        }

        @Override
        public ByteBuffer encodeValue(byte[] value) {
            return ByteBuffer.wrap(value);
        }

        private static byte[] copy(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
    }
}
