/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a tracking connection reports to its local tier. Thread-safe; may be called on the client's network thread;
 * never throws and never blocks.
 */
public interface Invalidations {

    /** Tracking is on (first time, or again after a reconnect): the tier drops what it held and serves again. */
    void trackingOn();

    /**
     * The tracking connection dropped (or tracking went off): changes may be missed from now on, so the tier drops
     * what it held and sends reads to Redis until {@link #trackingOn()}.
     */
    void trackingLost();

    /**
     * The server cannot track (no {@code CLIENT TRACKING}, ACL, protocol): the tier serves with bounded staleness
     * only (entries live at most {@code maxStaleness}) and logs one warning with the reason.
     */
    void trackingUnavailable(String reason);

    /**
     * The server reports these keys changed (another client's write, an expiry, an eviction).
     *
     * @param keys the keys as sent by the server; null means every key ({@code FLUSHDB}, {@code FLUSHALL})
     */
    void invalidate(@Nullable List<byte[]> keys);

    /**
     * The keys of an invalidation message as the client library decoded them: null (every key: {@code FLUSHDB},
     * {@code FLUSHALL}), one key as {@code byte[]}, or a list of keys as {@code byte[]}. Any other shape drops every
     * key rather than miss a change.
     *
     * @param keys the message's keys element, its bulk strings decoded to {@code byte[]}
     */
    default void invalidateDecoded(@Nullable Object keys) {
        if (keys instanceof byte[]) {
            invalidate(List.of((byte[]) keys));
        } else if (keys instanceof List) {
            List<byte[]> list = new ArrayList<>(((List<?>) keys).size());
            for (Object key : (List<?>) keys) {
                if (key instanceof byte[]) {
                    list.add((byte[]) key);
                }
            }
            invalidate(list);
        } else {
            invalidate(null); // FLUSHDB, FLUSHALL, or not understood
        }
    }
}
