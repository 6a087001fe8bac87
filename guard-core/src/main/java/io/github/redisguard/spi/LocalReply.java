/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A reply the local tier made from memory, as Redis would have sent it in RESP2: one bulk string (GET, HGET; null
 * for a missing key or field) or an array of bulk strings (MGET, with nulls; HGETALL as field, value, field,
 * value...). Values are decoded (decompressed). Immutable; do not modify the arrays.
 */
public final class LocalReply {

    private final boolean array;

    private final byte @Nullable [] bulk;

    private final List<byte @Nullable []> elements;

    private LocalReply(boolean array, byte @Nullable [] bulk, List<byte @Nullable []> elements) {
        this.array = array;
        this.bulk = bulk;
        this.elements = elements;
    }

    /** Returns a reply of one bulk string, or the null bulk string. */
    public static LocalReply bulk(byte @Nullable [] value) {
        return new LocalReply(false, value, List.of());
    }

    /** Returns a reply of an array of bulk strings, any of them null; the list is handed over, not copied. */
    public static LocalReply array(List<byte @Nullable []> elements) {
        return new LocalReply(true, null, Collections.unmodifiableList(elements));
    }

    /** Returns whether the reply is an array; else it is one bulk string. */
    public boolean isArray() {
        return array;
    }

    /** Returns the bulk string of a non-array reply; null for the null bulk string. */
    public byte @Nullable [] bulk() {
        return bulk;
    }

    /** Returns the elements of an array reply; empty for a bulk string reply. */
    public List<byte @Nullable []> elements() {
        return elements;
    }

    @Override
    public String toString() {
        return array ? "LocalReply[array of " + elements.size() + "]" : "LocalReply[bulk]";
    }
}
