/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.spi.Invalidations;
import io.github.redisguard.spi.TrackingConnector;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The local tier's tracking connection. RESP2 (the client is configured so, or the server refused HELLO 3): see
 * LettuceResp2Tracking. RESP3: a RESP3 connection of the guard's own with CLIENT TRACKING on BCAST PREFIX
 * for the tier's prefixes, whose invalidate pushes go to the tier. Lettuce reconnects with tracking off (listeners
 * survive, server state does not): a disconnect reports the loss at once, and each reconnect enables tracking again
 * before reporting it on. The push listener never throws (one that throws silences the listeners after it).
 */
final class LettuceTracking implements TrackingConnector {

    /** The tracking connection's name in CLIENT LIST. */
    static final String CLIENT_NAME = "redis-guard-tracking";

    private static final Logger LOG = LoggerFactory.getLogger(LettuceTracking.class);

    private final RedisClient client;

    private final RedisURI uri;

    LettuceTracking(RedisClient client, RedisURI uri) {
        this.client = client;
        this.uri = uri;
    }

    @Override
    public TrackingConnection open(List<String> prefixes, Invalidations invalidations) {
        RedisURI named = RedisURI.builder(uri).withClientName(CLIENT_NAME).build();
        StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE, named);
        ProtocolVersion protocol = connection instanceof StatefulRedisConnectionImpl
                ? ((StatefulRedisConnectionImpl<?, ?>) connection)
                        .getConnectionState()
                        .getNegotiatedProtocolVersion()
                : null;
        if (protocol == ProtocolVersion.RESP2) {
            // Configured so, or the server refused HELLO 3: invalidations come as pub/sub messages (REDIRECT).
            return LettuceResp2Tracking.open(client, uri, connection, prefixes, invalidations);
        }
        if (protocol != ProtocolVersion.RESP3) {
            invalidations.trackingUnavailable("the connection speaks " + protocol + ", neither RESP3 nor RESP2");
            return connection::closeAsync;
        }
        TrackingArgs args = TrackingArgs.Builder.enabled().bcast();
        List<String> literal = new ArrayList<>();
        for (String prefix : prefixes) {
            if (!prefix.isEmpty()) {
                literal.add(prefix);
            }
        }
        if (!literal.isEmpty()) {
            args.prefixes(StandardCharsets.UTF_8, literal.toArray(new String[0]));
        }
        connection.addListener((PushMessage message) -> pushed(message, invalidations));
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                enable(connection, args, invalidations);
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                invalidations.trackingLost();
            }
        });
        try {
            connection.sync().clientTracking(args);
            invalidations.trackingOn();
        } catch (RuntimeException e) {
            invalidations.trackingUnavailable("CLIENT TRACKING failed: " + e.getMessage());
        }
        return connection::closeAsync;
    }

    private static void enable(
            StatefulRedisConnection<byte[], byte[]> connection, TrackingArgs args, Invalidations invalidations) {
        connection.async().clientTracking(args).whenComplete((ok, error) -> {
            if (error == null) {
                invalidations.trackingOn();
            } else if (connection.isOpen()) {
                invalidations.trackingUnavailable("CLIENT TRACKING failed after a reconnect: " + error.getMessage());
            }
            // else: dropped again before the reply; the next reconnect tries again.
        });
    }

    private static void pushed(PushMessage message, Invalidations invalidations) {
        try {
            if (!"invalidate".equals(message.getType())) {
                return;
            }
            List<Object> content = message.getContent(LettuceTracking::bytes);
            invalidations.invalidateDecoded(content.size() > 1 ? content.get(1) : null);
        } catch (RuntimeException e) {
            LOG.warn("Could not apply an invalidation push; flushing the local tier", e);
            invalidations.invalidate(null);
        }
    }

    private static Object bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
