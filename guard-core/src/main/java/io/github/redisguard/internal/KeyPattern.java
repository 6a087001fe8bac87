/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A key pattern in Redis glob syntax ({@code *}, {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [^a]}, {@code \}
 * escapes), matched against raw key bytes. Patterns that are a literal, or a literal followed by one {@code *}, are
 * matched without the glob engine: most rules are prefixes, and prefixes are on the write path.
 */
public final class KeyPattern {

    private enum Kind {
        ANY,
        EXACT,
        PREFIX,
        GLOB
    }

    private final String text;

    private final Kind kind;

    private final byte[] bytes;

    private KeyPattern(String text, Kind kind, byte[] bytes) {
        this.text = text;
        this.kind = kind;
        this.bytes = bytes;
    }

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException if the pattern is empty or ends inside a {@code [} class or after a lone
     *     {@code \}
     */
    public static KeyPattern compile(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("pattern must not be empty, but was ''");
        }
        byte[] raw = pattern.getBytes(StandardCharsets.UTF_8);
        validate(pattern, raw);
        if (pattern.equals("*")) {
            return new KeyPattern(pattern, Kind.ANY, raw);
        }
        int firstWildcard = firstWildcard(raw);
        if (firstWildcard < 0) {
            return new KeyPattern(pattern, Kind.EXACT, raw);
        }
        if (firstWildcard == raw.length - 1 && raw[firstWildcard] == '*') {
            return new KeyPattern(pattern, Kind.PREFIX, Arrays.copyOf(raw, raw.length - 1));
        }
        return new KeyPattern(pattern, Kind.GLOB, raw);
    }

    private static int firstWildcard(byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '*' || b == '?' || b == '[' || b == '\\') {
                return i;
            }
        }
        return -1;
    }

    private static void validate(String pattern, byte[] raw) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\') {
                if (i + 1 >= raw.length) {
                    throw new IllegalArgumentException(
                            String.format(Locale.ROOT, "pattern must not end with a lone '\\', but was '%s'", pattern));
                }
                i++;
            } else if (raw[i] == '[') {
                // Walk the class exactly as single() reads it (a range's end is never an escape), so that a pattern
                // accepted here can never make single() run past the end.
                int j = i + 1;
                if (j < raw.length && raw[j] == '^') {
                    j++;
                }
                while (j < raw.length && raw[j] != ']') {
                    if (raw[j] == '\\') {
                        j += 2;
                    } else if (j + 2 < raw.length && raw[j + 1] == '-' && raw[j + 2] != ']') {
                        j += 3;
                    } else {
                        j++;
                    }
                }
                if (j >= raw.length) {
                    throw new IllegalArgumentException(
                            String.format(Locale.ROOT, "pattern must close every '[' with ']', but was '%s'", pattern));
                }
                i = j;
            }
        }
    }

    /** Returns whether the whole key matches. */
    public boolean matches(byte[] key) {
        switch (kind) {
            case ANY:
                return true;
            case EXACT:
                return Arrays.equals(bytes, key);
            case PREFIX:
                return key.length >= bytes.length && Arrays.equals(bytes, 0, bytes.length, key, 0, bytes.length);
            default:
                return glob(bytes, 0, key, 0);
        }
    }

    /**
     * Glob matching with single-star backtracking: on a mismatch, the most recent {@code *} absorbs one more byte.
     * Linear in practice and never recursive, so hostile keys cannot blow the stack.
     */
    private static boolean glob(byte[] p, int pi, byte[] s, int si) {
        int starP = -1;
        int starS = -1;
        while (si < s.length) {
            if (pi < p.length) {
                byte c = p[pi];
                if (c == '*') {
                    while (pi < p.length && p[pi] == '*') {
                        pi++;
                    }
                    if (pi == p.length) {
                        return true;
                    }
                    starP = pi;
                    starS = si;
                    continue;
                }
                int next = single(p, pi, s[si]);
                if (next >= 0) {
                    pi = next;
                    si++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            pi = starP;
            si = ++starS;
        }
        while (pi < p.length && p[pi] == '*') {
            pi++;
        }
        return pi == p.length;
    }

    /** Matches one key byte against the pattern element at {@code pi}; returns the next pattern index, or -1. */
    private static int single(byte[] p, int pi, byte b) {
        byte c = p[pi];
        if (c == '?') {
            return pi + 1;
        }
        if (c == '\\') {
            return p[pi + 1] == b ? pi + 2 : -1;
        }
        if (c != '[') {
            return c == b ? pi + 1 : -1;
        }
        int i = pi + 1;
        boolean negate = i < p.length && p[i] == '^';
        if (negate) {
            i++;
        }
        boolean match = false;
        int u = b & 0xFF;
        while (p[i] != ']') {
            if (p[i] == '\\') {
                i++;
                match |= (p[i] & 0xFF) == u;
                i++;
            } else if (i + 2 < p.length && p[i + 1] == '-' && p[i + 2] != ']') {
                int lo = p[i] & 0xFF;
                int hi = p[i + 2] & 0xFF;
                if (lo > hi) {
                    int t = lo;
                    lo = hi;
                    hi = t;
                }
                match |= u >= lo && u <= hi;
                i += 3;
            } else {
                match |= (p[i] & 0xFF) == u;
                i++;
            }
        }
        return match != negate ? i + 1 : -1;
    }

    /** Returns the pattern as given. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
