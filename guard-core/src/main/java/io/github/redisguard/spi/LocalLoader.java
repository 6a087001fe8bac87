/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import java.util.concurrent.CompletionStage;

/**
 * Loads one key for the local tier, on the adapter's connection: sends
 * {@code EVAL <request.script()> 1 <request.key()>}, whose reply is a two-element array: the value (a bulk string,
 * null, or for a hash an array of field, value...) and the key's {@code PTTL}. Value and TTL are read in one step
 * on the server.
 */
public interface LocalLoader {

    /**
     * Sends the load. Must not block. The stage fails with the client's own exception when Redis answers an error
     * (e.g. WRONGTYPE) or cannot be reached.
     */
    CompletionStage<LoadedValue> load(LoadRequest request);

    /**
     * Returns whether {@code error}, from a load, means Redis could not be reached (connection lost, timeout), as
     * opposed to an error reply. Only then may the tier serve an expired entry (stale-if-error).
     */
    boolean unreachable(Throwable error);
}
