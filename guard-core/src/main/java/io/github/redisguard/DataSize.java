/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes, such as a compression threshold or a value-size limit.
 *
 * <p>Binary units: one kilobyte is 1024 bytes. Instances are immutable and thread-safe; two sizes are equal
 * when they hold the same number of bytes.
 */
public final class DataSize implements Comparable<DataSize> {

    private static final Pattern PATTERN = Pattern.compile("^\\s*(\\d+)\\s*([A-Za-z]*)\\s*$");

    private final long bytes;

    private DataSize(long bytes) {
        this.bytes = bytes;
    }

    /**
     * Returns a size of {@code bytes} bytes.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static DataSize ofBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "size must not be negative, but was %d bytes", bytes));
        }
        return new DataSize(bytes);
    }

    /**
     * Returns a size of {@code kilobytes} × 1024 bytes.
     *
     * @throws IllegalArgumentException if {@code kilobytes} is negative or the result overflows
     */
    public static DataSize ofKilobytes(long kilobytes) {
        return ofBytes(multiply(kilobytes, 1024L));
    }

    /**
     * Returns a size of {@code megabytes} × 1024 × 1024 bytes.
     *
     * @throws IllegalArgumentException if {@code megabytes} is negative or the result overflows
     */
    public static DataSize ofMegabytes(long megabytes) {
        return ofBytes(multiply(megabytes, 1024L * 1024L));
    }

    /**
     * Parses a size such as {@code 512}, {@code 512B}, {@code 16KB}, {@code 16k}, {@code 8MB} or {@code 1GB}
     * (case-insensitive; a bare number is bytes).
     *
     * @throws IllegalArgumentException if the text is not a size in that form
     */
    public static DataSize parse(String text) {
        Matcher matcher = PATTERN.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "size must be a number with an optional unit B, KB, MB or GB, but was '%s'", text));
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "size must fit in 63 bits, but was '%s'", text), e);
        }
        switch (matcher.group(2).toUpperCase(Locale.ROOT)) {
            case "":
            case "B":
                return ofBytes(amount);
            case "K":
            case "KB":
                return ofKilobytes(amount);
            case "M":
            case "MB":
                return ofMegabytes(amount);
            case "G":
            case "GB":
                return ofBytes(multiply(amount, 1024L * 1024L * 1024L));
            default:
                throw new IllegalArgumentException(String.format(
                        Locale.ROOT,
                        "size must be a number with an optional unit B, KB, MB or GB, but was '%s'",
                        text));
        }
    }

    private static long multiply(long amount, long unit) {
        try {
            return Math.multiplyExact(amount, unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "size must fit in 63 bits, but was %d × %d bytes", amount, unit), e);
        }
    }

    /** Returns the number of bytes. */
    public long toBytes() {
        return bytes;
    }

    @Override
    public int compareTo(DataSize other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DataSize && ((DataSize) other).bytes == bytes;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(bytes);
    }

    /** Returns the size in the largest binary unit that divides it exactly, e.g. {@code 16KB} or {@code 1000B}. */
    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1024L * 1024L * 1024L) == 0) {
            return bytes / (1024L * 1024L * 1024L) + "GB";
        }
        if (bytes != 0 && bytes % (1024L * 1024L) == 0) {
            return bytes / (1024L * 1024L) + "MB";
        }
        if (bytes != 0 && bytes % 1024L == 0) {
            return bytes / 1024L + "KB";
        }
        return bytes + "B";
    }
}
