/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reads the replies of {@link AdapterUnderTest.Client}. */
public final class Replies {

    private Replies() {}

    /** A bulk or status reply as UTF-8 text; null for nil. */
    public static @Nullable String text(@Nullable Object reply) {
        if (reply == null) {
            return null;
        }
        if (reply instanceof byte[]) {
            return new String((byte[]) reply, StandardCharsets.UTF_8);
        }
        if (reply instanceof Throwable) {
            throw new AssertionError("expected a reply, got an error", (Throwable) reply);
        }
        return reply.toString();
    }

    /** An integer reply. */
    public static long integer(@Nullable Object reply) {
        return ((Number) Objects.requireNonNull(reply, "reply")).longValue();
    }

    /** An array reply, its elements as given. */
    @SuppressWarnings("unchecked")
    public static List<@Nullable Object> list(@Nullable Object reply) {
        return (List<@Nullable Object>) Objects.requireNonNull(reply, "reply");
    }

    /** A field/value reply (HGETALL) as a map of texts to raw values. */
    public static Map<String, byte[]> map(@Nullable Object reply) {
        List<@Nullable Object> flat = list(reply);
        Map<String, byte[]> map = new TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            map.put(text(flat.get(i)), (byte[]) flat.get(i + 1));
        }
        return map;
    }

    /** An array reply of bulk strings as texts. */
    public static List<@Nullable String> texts(@Nullable Object reply) {
        return list(reply).stream().map(Replies::text).collect(Collectors.toList());
    }
}
