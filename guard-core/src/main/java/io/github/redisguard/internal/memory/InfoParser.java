/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.memory;

import io.github.redisguard.memory.MemorySample;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Reads the fields the breaker needs from {@code INFO memory} and {@code INFO stats} replies. */
public final class InfoParser {

    private InfoParser() {}

    /**
     * Parses the two replies (any sections may be present; unknown lines are ignored). A field the reply lacks is 0
     * (empty for the policy). The fields the limit and the estimate rest on must be whole numbers when present; the
     * informational ones ({@code mem_fragmentation_ratio}, {@code evicted_keys}) are 0 when unreadable (Redis prints
     * a fragmentation ratio of {@code nan} or {@code inf} before its first statistics).
     *
     * @throws IllegalArgumentException if {@code used_memory} is missing (the reply is not an INFO reply), or
     *     {@code used_memory}, {@code maxmemory} or {@code total_system_memory} is not a whole number
     */
    public static MemorySample parse(String node, Instant time, String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        if (!fields.containsKey("used_memory")) {
            throw new IllegalArgumentException("INFO reply must contain used_memory, but had none");
        }
        return new MemorySample(
                node,
                time,
                number(fields, "used_memory"),
                number(fields, "maxmemory"),
                number(fields, "total_system_memory"),
                fields.getOrDefault("maxmemory_policy", ""),
                decimal(fields, "mem_fragmentation_ratio"),
                count(fields, "evicted_keys"));
    }

    /** A field the breaker's decisions rest on: a wrong value must not pass for 0 (which means "no limit"). */
    private static long number(Map<String, String> fields, String name) {
        String value = fields.getOrDefault(name, "0");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "INFO field " + name + " must be a whole number of bytes, but was '" + value + "'", e);
        }
    }

    private static long count(Map<String, String> fields, String name) {
        try {
            return Long.parseLong(fields.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double decimal(Map<String, String> fields, String name) {
        try {
            return Double.parseDouble(fields.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
