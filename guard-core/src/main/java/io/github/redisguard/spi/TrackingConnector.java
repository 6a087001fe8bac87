/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.List;

/**
 * Opens the adapter's tracking connection for a local tier: a connection of its own on which it enables
 * {@code CLIENT TRACKING on BCAST PREFIX <prefix>...} (RESP3 pushes; or, in RESP2, {@code REDIRECT} to a
 * subscription to {@code __redis__:invalidate}), and reports what happens on it to {@link Invalidations}.
 */
public interface TrackingConnector {

    /**
     * Opens the connection and enables tracking. Called once per server tier; may block until tracking is on or
     * known to be unavailable (it then reports {@link Invalidations#trackingOn()} or
     * {@link Invalidations#trackingUnavailable(String)} before returning).
     *
     * @param prefixes the key prefixes to track, in order ({@code ""} for every key)
     * @param invalidations where to report; its methods never throw
     * @return the connection, closed when the tier's last holder closes it
     */
    TrackingConnection open(List<String> prefixes, Invalidations invalidations);

    /** An open tracking connection. */
    interface TrackingConnection extends AutoCloseable {

        /** Closes the connection. */
        @Override
        void close();
    }
}
