/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link LocalLoader} read: the stored value (as Redis holds it: still compressed if the guard compressed it)
 * and the key's remaining TTL as {@code PTTL} reported it. Immutable; the arrays are handed over, not copied.
 */
public final class LoadedValue {

    private final byte @Nullable [] value;

    private final @Nullable List<byte[]> hash;

    private final long pttl;

    private LoadedValue(byte @Nullable [] value, @Nullable List<byte[]> hash, long pttl) {
        this.value = value;
        this.hash = hash;
        this.pttl = pttl;
    }

    /**
     * Returns a string value.
     *
     * @param value the stored value, null if the key does not exist
     * @param pttl the key's {@code PTTL}: milliseconds left, -1 without a TTL, -2 if the key does not exist
     */
    public static LoadedValue string(byte @Nullable [] value, long pttl) {
        return new LoadedValue(value, null, pttl);
    }

    /**
     * Returns a hash.
     *
     * @param fieldsAndValues field, value, field, value... as HGETALL replied; empty if the key does not exist
     * @param pttl the key's {@code PTTL}
     */
    public static LoadedValue hash(List<byte[]> fieldsAndValues, long pttl) {
        return new LoadedValue(null, fieldsAndValues, pttl);
    }

    /** Returns the string value; null for a hash or a missing key. */
    public byte @Nullable [] value() {
        return value;
    }

    /** Returns the hash's fields and values, or null for a string. */
    public @Nullable List<byte[]> hash() {
        return hash;
    }

    /** Returns the key's {@code PTTL} when it was read. */
    public long pttl() {
        return pttl;
    }
}
