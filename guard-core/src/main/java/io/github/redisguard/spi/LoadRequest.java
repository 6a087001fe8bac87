/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

/** One key the local tier loads: the script to run and the key. Immutable; do not modify the arrays. */
public final class LoadRequest {

    private final byte[] key;

    private final byte[] script;

    private final boolean hash;

    /**
     * @param key the key, as on the wire
     * @param script the Lua script text to {@code EVAL} with the key as {@code KEYS[1]}
     * @param hash whether the value is read as a hash ({@code HGETALL}); else as a string ({@code GET})
     */
    public LoadRequest(byte[] key, byte[] script, boolean hash) {
        this.key = key;
        this.script = script;
        this.hash = hash;
    }

    /** Returns the key. */
    public byte[] key() {
        return key;
    }

    /** Returns the script text, UTF-8. */
    public byte[] script() {
        return script;
    }

    /** Returns whether the reply's value is an array of field, value... (else a bulk string or null). */
    public boolean hash() {
        return hash;
    }
}
