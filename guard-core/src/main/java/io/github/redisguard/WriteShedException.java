/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard;

import java.util.Locale;

/**
 * The memory circuit breaker shed a write: the server's memory is at or above the threshold of the write's shed
 * class, Redis just answered OOM, or memory cannot be read and the fail mode is closed. Nothing was sent. Retry
 * later, or write less: deletes and expiries are never shed.
 *
 * <p>Raised often under pressure, so it carries no stack trace.
 */
public final class WriteShedException extends GuardException {

    private static final long serialVersionUID = 1L;

    /** Why the write was shed. */
    public enum Reason {
        /** The estimated memory use reached the class's threshold. */
        MEMORY,
        /** The server answered OOM recently; the breaker stays open until a sample shows room. */
        OOM,
        /** Memory cannot be read and the fail mode is {@link io.github.redisguard.memory.FailMode#CLOSED}. */
        FAIL_CLOSED
    }

    private final String rule;

    private final String shedClass;

    private final double ratio;

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param rule the rule of the key written
     * @param shedClass the rule's shed class
     * @param threshold the class's threshold
     * @param ratio the estimated share of the memory limit in use, or NaN when unknown
     * @param reason why the write was shed
     */
    public WriteShedException(String rule, String shedClass, double threshold, double ratio, Reason reason) {
        super(
                String.format(
                        Locale.ROOT,
                        "write under rule '%s' shed (class '%s' sheds at %.0f%% of maxmemory): %s",
                        rule,
                        shedClass,
                        threshold * 100,
                        reason == Reason.FAIL_CLOSED
                                ? "memory cannot be read and the fail mode is closed"
                                : reason == Reason.OOM
                                        ? String.format(
                                                Locale.ROOT, "Redis answered OOM (memory at %.1f%%)", ratio * 100)
                                        : String.format(Locale.ROOT, "memory at %.1f%%", ratio * 100)),
                false);
        this.rule = rule;
        this.shedClass = shedClass;
        this.ratio = ratio;
        this.reason = reason;
    }

    /** Returns the rule of the key written. */
    public String rule() {
        return rule;
    }

    /** Returns the shed class of the rule. */
    public String shedClass() {
        return shedClass;
    }

    /** Returns the estimated share of the memory limit in use when the write was shed; NaN when unknown. */
    public double ratio() {
        return ratio;
    }

    /** Returns why the write was shed. */
    public Reason reason() {
        return reason;
    }
}
