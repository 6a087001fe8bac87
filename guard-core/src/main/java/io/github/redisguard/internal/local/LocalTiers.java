/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.local;

import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.LocalLoader;
import io.github.redisguard.spi.LocalReply;
import io.github.redisguard.spi.LocalTier;
import io.github.redisguard.spi.TrackingConnector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** The guard's local tiers, one per server, shared by every connection to it and released with the last. */
public final class LocalTiers {

    /** The tier of a guard whose local tier is off: inspects nothing, serves nothing. */
    public static final LocalTier DISABLED = new LocalTier() {
        @Override
        public boolean inspects(CommandRoute route) {
            return false;
        }

        @Override
        public @Nullable CompletionStage<LocalReply> read(
                CommandRoute route, List<byte[]> arguments, LocalLoader loader) {
            return null;
        }

        @Override
        public void invalidate(CommandRoute route, List<byte[]> arguments) {}

        @Override
        public void close() {}

        @Override
        public String toString() {
            return "LocalTier[disabled]";
        }
    };

    private final LocalTierConfig config;

    private final LocalTierMetrics metrics;

    private final LongSupplier ticker;

    private final Function<byte[], byte[]> decode;

    private final Map<String, Shared> tiers = new HashMap<>();

    private boolean closed;

    public LocalTiers(
            LocalTierConfig config, LocalTierMetrics metrics, LongSupplier ticker, Function<byte[], byte[]> decode) {
        this.config = config;
        this.metrics = metrics;
        this.ticker = ticker;
        this.decode = decode;
    }

    private static final class Shared {
        final CaffeineLocalTier tier;

        TrackingConnector.@Nullable TrackingConnection connection;

        int holders;

        Shared(CaffeineLocalTier tier) {
            this.tier = tier;
        }
    }

    /** Returns a holder's view of the node's tier, creating the tier and its tracking connection if new. */
    public LocalTier acquire(String node, TrackingConnector connector) {
        Shared shared;
        boolean created = false;
        synchronized (tiers) {
            if (closed) {
                throw new IllegalStateException("the RedisGuard is closed");
            }
            shared = tiers.get(node);
            if (shared == null) {
                shared = new Shared(new CaffeineLocalTier(node, config, metrics, ticker, decode));
                tiers.put(node, shared);
                created = true;
            }
            shared.holders++;
        }
        if (created) {
            try {
                TrackingConnector.TrackingConnection connection = connector.open(config.prefixes(), shared.tier);
                synchronized (tiers) {
                    shared.connection = connection;
                }
            } catch (RuntimeException e) {
                shared.tier.trackingUnavailable("the tracking connection could not be opened: " + e);
            }
        }
        return new Holder(this, node, shared);
    }

    private void release(String node, Shared shared) {
        TrackingConnector.TrackingConnection connection;
        synchronized (tiers) {
            if (--shared.holders > 0 || tiers.get(node) != shared) {
                return;
            }
            tiers.remove(node);
            connection = shared.connection;
        }
        shared.tier.close();
        if (connection != null) {
            connection.close();
        }
    }

    /** Closes every tier and its tracking connection. */
    public void close() {
        Map<String, Shared> all;
        synchronized (tiers) {
            closed = true;
            all = new HashMap<>(tiers);
            tiers.clear();
        }
        for (Shared shared : all.values()) {
            shared.tier.close();
            if (shared.connection != null) {
                shared.connection.close();
            }
        }
    }

    /** One holder's view. */
    private static final class Holder implements LocalTier {
        private final LocalTiers owner;

        private final String node;

        private final Shared shared;

        private final AtomicBoolean closed = new AtomicBoolean();

        Holder(LocalTiers owner, String node, Shared shared) {
            this.owner = owner;
            this.node = node;
            this.shared = shared;
        }

        @Override
        public boolean inspects(CommandRoute route) {
            return shared.tier.inspects(route);
        }

        @Override
        public @Nullable CompletionStage<LocalReply> read(
                CommandRoute route, List<byte[]> arguments, LocalLoader loader) {
            return closed.get() ? null : shared.tier.read(route, arguments, loader);
        }

        @Override
        public void invalidate(CommandRoute route, List<byte[]> arguments) {
            shared.tier.invalidate(route, arguments);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                owner.release(node, shared);
            }
        }

        @Override
        public String toString() {
            return "LocalTier[" + node + "]";
        }
    }
}
