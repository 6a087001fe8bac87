/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.internal.GuardMetrics.TtlAction;
import io.github.redisguard.internal.GuardMetrics.WriteOutcome;
import java.util.Arrays;

/**
 * What planning one write would count, held back until the write is certain to go out: a write the memory breaker
 * sheds, or a refusal that comes after part of a multi-key write was planned, counts nothing but its refusal. One per
 * thread, reused: no allocation per write once warm.
 */
public final class Tally {

    private static final int TTL = 0;
    private static final int ADMITTED = 1;
    private static final int COMPRESSED = 2;
    private static final int INCOMPRESSIBLE = 3;

    private ResolvedRule[] rules = new ResolvedRule[8];
    private int[] kinds = new int[8];
    private int[] actions = new int[8];
    private long[] inputs = new long[8];
    private long[] outputs = new long[8];
    private int size;

    void reset() {
        Arrays.fill(rules, 0, size, null);
        size = 0;
    }

    void ttl(ResolvedRule rule, TtlAction action) {
        add(rule, TTL, action.ordinal(), 0, 0);
    }

    void admitted(ResolvedRule rule) {
        add(rule, ADMITTED, 0, 0, 0);
    }

    void compressed(ResolvedRule rule, int input, int output) {
        add(rule, COMPRESSED, 0, input, output);
    }

    void incompressible(ResolvedRule rule) {
        add(rule, INCOMPRESSIBLE, 0, 0, 0);
    }

    /** Returns whether the write was planned as admitted (and not refused). */
    boolean admittedAny() {
        for (int i = 0; i < size; i++) {
            if (kinds[i] == ADMITTED) {
                return true;
            }
        }
        return false;
    }

    /** Returns the rules of the keys the write gives a TTL or counts as admitted, for the memory breaker. */
    public int size() {
        return size;
    }

    public ResolvedRule rule(int i) {
        return rules[i];
    }

    /** TtlAction.values() clones its array at every call: once is enough. */
    private static final TtlAction[] TTL_ACTIONS = TtlAction.values();

    void commit(GuardMetrics metrics) {
        TtlAction[] ttlActions = TTL_ACTIONS;
        for (int i = 0; i < size; i++) {
            switch (kinds[i]) {
                case TTL:
                    metrics.ttl(rules[i], ttlActions[actions[i]]);
                    break;
                case ADMITTED:
                    metrics.write(rules[i], WriteOutcome.ADMITTED);
                    break;
                case COMPRESSED:
                    metrics.compressed(rules[i], (int) inputs[i], (int) outputs[i]);
                    break;
                default:
                    metrics.incompressible(rules[i]);
            }
        }
        reset();
    }

    private void add(ResolvedRule rule, int kind, int action, long input, long output) {
        if (size == rules.length) {
            int n = size * 2;
            rules = Arrays.copyOf(rules, n);
            kinds = Arrays.copyOf(kinds, n);
            actions = Arrays.copyOf(actions, n);
            inputs = Arrays.copyOf(inputs, n);
            outputs = Arrays.copyOf(outputs, n);
        }
        rules[size] = rule;
        kinds[size] = kind;
        actions[size] = action;
        inputs[size] = input;
        outputs[size] = output;
        size++;
    }
}
