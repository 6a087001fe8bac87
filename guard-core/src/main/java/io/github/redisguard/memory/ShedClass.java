/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.memory;

import java.util.Locale;
import java.util.Objects;

/**
 * A priority of writes under memory pressure: writes of this class are shed once the server's estimated memory use
 * reaches {@link #threshold()} of its limit, and admitted again once it falls below the threshold minus the
 * configuration's hysteresis. Immutable.
 */
public final class ShedClass {

    private final String name;

    private final double threshold;

    private ShedClass(String name, double threshold) {
        this.name = name;
        this.threshold = threshold;
    }

    /**
     * Returns a shed class.
     *
     * @param name the class name (metric tag {@code class}, rule references)
     * @param threshold the share of the memory limit at which its writes are shed, in (0, 1]
     * @throws IllegalArgumentException if the name is blank or the threshold out of range
     */
    public static ShedClass of(String name, double threshold) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("shedClass.name must not be blank, but was '" + name + "'");
        }
        if (!(threshold > 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT,
                    "shedClasses[%s].threshold must be above 0 and at most 1, but was %s",
                    name,
                    threshold));
        }
        return new ShedClass(name, threshold);
    }

    /** Returns the name. */
    public String name() {
        return name;
    }

    /** Returns the share of the memory limit at which this class is shed. */
    public double threshold() {
        return threshold;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShedClass
                && ((ShedClass) other).name.equals(name)
                && Double.compare(((ShedClass) other).threshold, threshold) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, threshold);
    }

    @Override
    public String toString() {
        return name + "@" + threshold;
    }
}
