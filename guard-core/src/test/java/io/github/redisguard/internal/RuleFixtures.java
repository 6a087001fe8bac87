/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.GuardConfig;
import java.util.List;

/**
 * Test access to the package-private parts of the write path that tests in other packages need: resolved rules, and
 * tallies as the planner hands them to the memory breaker.
 */
public final class RuleFixtures {

    private RuleFixtures() {}

    /** Returns the resolved rules of {@code config}, the default rule last, as the guard builds them. */
    public static List<ResolvedRule> rules(GuardConfig config) {
        return new RuleSet(config).all();
    }

    /** Returns the rule named {@code name}; fails the test if there is none. */
    public static ResolvedRule rule(List<ResolvedRule> rules, String name) {
        return rules.stream()
                .filter(rule -> rule.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule named " + name + " in " + rules));
    }

    /** Returns the tally of one write that the planner admitted for keys under {@code rules}, in that order. */
    public static Tally tally(ResolvedRule... rules) {
        Tally tally = new Tally();
        for (ResolvedRule rule : rules) {
            tally.admitted(rule);
        }
        return tally;
    }
}
