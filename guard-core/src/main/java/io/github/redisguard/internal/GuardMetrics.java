/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.WriteShedException;
import io.github.redisguard.memory.ShedAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard's meters. Every per-rule meter is registered up front, so the write path only increments counters it
 * already holds: no lookup, no allocation. Tags carry rule names, outcomes and command names, never keys or values.
 */
public final class GuardMetrics {

    /** How a write ended. */
    public enum WriteOutcome {
        ADMITTED("admitted", "none"),
        MISSING_TTL("rejected", "missing_ttl"),
        VALUE_TOO_LARGE("rejected", "value_too_large"),
        INCOMPATIBLE("rejected", "incompatible"),
        SHED_MEMORY("shed", "memory"),
        SHED_OOM("shed", "oom"),
        SHED_FAIL_CLOSED("shed", "fail_closed");

        final String outcome;

        final String reason;

        WriteOutcome(String outcome, String reason) {
            this.outcome = outcome;
            this.reason = reason;
        }
    }

    /** What the TTL policy did to one key of a write. */
    public enum TtlAction {
        /** A write without a TTL got the rule's default. */
        APPLIED,
        /** A write that cannot carry a TTL (HSET, INCR, ...) had the default set in the same script if none. */
        ENSURED,
        /** A requested TTL above the maximum was lowered to it. */
        CAPPED,
        /** A requested positive TTL below the minimum was raised to it. */
        RAISED,
        /** A requested TTL within bounds was kept. */
        KEPT,
        /** The key's rule is persistent: no TTL policy. */
        PERSISTENT,
        /** The write had no TTL and the rule rejects such writes. */
        REJECTED;

        final String tag = name().toLowerCase(Locale.ROOT);
    }

    public static final String WRITES = "redis.guard.writes";

    public static final String TTL = "redis.guard.ttl";

    public static final String COMPRESSION_INPUT = "redis.guard.compression.input";

    public static final String COMPRESSION_OUTPUT = "redis.guard.compression.output";

    public static final String COMPRESSION_VALUES = "redis.guard.compression.values";

    public static final String DECODED_VALUES = "redis.guard.decoded.values";

    public static final String UNKNOWN_COMMANDS = "redis.guard.commands.unknown";

    public static final String SHED = "redis.guard.shed";

    private static final int MAX_UNKNOWN_NAMES = 256;

    private static final Logger LOG = LoggerFactory.getLogger(GuardMetrics.class);

    private final MeterRegistry registry;

    private final Counter[][] writes;

    private final Counter[][] ttl;

    private final Counter[] compressionInput;

    private final Counter[] compressionOutput;

    private final Counter[] compressed;

    private final Counter[] incompressible;

    private final Counter[][] shed;

    private final Counter decoded;

    private final Counter corrupt;

    private final ConcurrentMap<String, Counter> unknown = new ConcurrentHashMap<>();

    private volatile boolean unknownFailureLogged;

    public GuardMetrics(MeterRegistry registry, List<ResolvedRule> rules) {
        this.registry = registry;
        int n = rules.size();
        this.writes = new Counter[n][WriteOutcome.values().length];
        this.ttl = new Counter[n][TtlAction.values().length];
        this.compressionInput = new Counter[n];
        this.compressionOutput = new Counter[n];
        this.compressed = new Counter[n];
        this.incompressible = new Counter[n];
        this.shed = new Counter[n][WriteShedException.Reason.values().length];
        for (ResolvedRule rule : rules) {
            int i = rule.index();
            String name = rule.name();
            for (WriteOutcome outcome : WriteOutcome.values()) {
                writes[i][outcome.ordinal()] = Counter.builder(WRITES)
                        .description("Writes seen by the guard, by rule and outcome")
                        .tag("rule", name)
                        .tag("outcome", outcome.outcome)
                        .tag("reason", outcome.reason)
                        .register(registry);
            }
            for (TtlAction action : TtlAction.values()) {
                ttl[i][action.ordinal()] = Counter.builder(TTL)
                        .description("Keys written, by rule and what the TTL policy did")
                        .tag("rule", name)
                        .tag("action", action.tag)
                        .register(registry);
            }
            for (WriteShedException.Reason reason : WriteShedException.Reason.values()) {
                shed[i][reason.ordinal()] = Counter.builder(SHED)
                        .description("Writes the memory breaker shed, by shed class, reason and what became of them")
                        .tag("class", rule.shedClass())
                        .tag("reason", reason.name().toLowerCase(Locale.ROOT))
                        .tag("action", rule.onShed() == ShedAction.DROP ? "dropped" : "thrown")
                        .register(registry);
            }
            String algorithm = rule.compression().algorithm().name().toLowerCase(Locale.ROOT);
            compressionInput[i] = Counter.builder(COMPRESSION_INPUT)
                    .description("Bytes of values the guard compressed, before compression")
                    .baseUnit("bytes")
                    .tag("rule", name)
                    .tag("algorithm", algorithm)
                    .register(registry);
            compressionOutput[i] = Counter.builder(COMPRESSION_OUTPUT)
                    .description("Bytes of values the guard compressed, as stored (header included)")
                    .baseUnit("bytes")
                    .tag("rule", name)
                    .tag("algorithm", algorithm)
                    .register(registry);
            compressed[i] = Counter.builder(COMPRESSION_VALUES)
                    .description("Values at or above the compression threshold, by whether compressing paid off")
                    .tag("rule", name)
                    .tag("algorithm", algorithm)
                    .tag("result", "compressed")
                    .register(registry);
            incompressible[i] = Counter.builder(COMPRESSION_VALUES)
                    .description("Values at or above the compression threshold, by whether compressing paid off")
                    .tag("rule", name)
                    .tag("algorithm", algorithm)
                    .tag("result", "incompressible")
                    .register(registry);
        }
        this.decoded = Counter.builder(DECODED_VALUES)
                .description("Stored values read back through the guard's codec, by result")
                .tag("result", "decompressed")
                .register(registry);
        this.corrupt = Counter.builder(DECODED_VALUES)
                .description("Stored values read back through the guard's codec, by result")
                .tag("result", "corrupt")
                .register(registry);
    }

    public void write(ResolvedRule rule, WriteOutcome outcome) {
        writes[rule.index()][outcome.ordinal()].increment();
    }

    public void ttl(ResolvedRule rule, TtlAction action) {
        ttl[rule.index()][action.ordinal()].increment();
    }

    public void compressed(ResolvedRule rule, int input, int output) {
        compressed[rule.index()].increment();
        compressionInput[rule.index()].increment(input);
        compressionOutput[rule.index()].increment(output);
    }

    public void incompressible(ResolvedRule rule) {
        incompressible[rule.index()].increment();
    }

    /** Counts a shed write: under its rule's writes, and under its class's sheds. */
    public void shed(ResolvedRule rule, WriteShedException.Reason reason) {
        WriteOutcome outcome = reason == WriteShedException.Reason.MEMORY
                ? WriteOutcome.SHED_MEMORY
                : reason == WriteShedException.Reason.OOM ? WriteOutcome.SHED_OOM : WriteOutcome.SHED_FAIL_CLOSED;
        writes[rule.index()][outcome.ordinal()].increment();
        shed[rule.index()][reason.ordinal()].increment();
    }

    /** Returns the registry the meters live in, for per-node meters registered later. */
    public MeterRegistry registry() {
        return registry;
    }

    public void decoded() {
        decoded.increment();
    }

    public void corrupt() {
        corrupt.increment();
    }

    /** Counts a command the catalogue does not know; registers its counter on first sight. Never throws. */
    public void unknown(String command) {
        try {
            Counter counter = unknown.get(command);
            if (counter == null) {
                // Command names come from code, not data, but a bound keeps a misbehaving caller from growing the
                // registry without end.
                String name = unknown.size() < MAX_UNKNOWN_NAMES ? command : "OTHER";
                counter = unknown.computeIfAbsent(name, tag -> Counter.builder(UNKNOWN_COMMANDS)
                        .description("Commands the guard does not know, passed through unchanged")
                        .tag("command", tag)
                        .register(registry));
            }
            counter.increment();
        } catch (RuntimeException e) {
            if (!unknownFailureLogged) {
                unknownFailureLogged = true;
                LOG.warn("Could not count unknown commands; going on without that meter", e);
            }
        }
    }
}
