/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The configured rules in order, then the default rule; finds the rule for a key. Immutable. */
public final class RuleSet {

    private final ResolvedRule[] rules;

    private final ResolvedRule fallback;

    private final List<ResolvedRule> all;

    public RuleSet(GuardConfig config) {
        List<KeyRule> configured = config.rules();
        this.rules = new ResolvedRule[configured.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = new ResolvedRule(i, configured.get(i), config);
        }
        this.fallback = new ResolvedRule(rules.length, config);
        List<ResolvedRule> list = new ArrayList<>(List.of(rules));
        list.add(fallback);
        this.all = Collections.unmodifiableList(list);
    }

    /** Returns the first rule whose pattern matches the key, else the default rule. */
    public ResolvedRule match(byte[] key) {
        for (ResolvedRule rule : rules) {
            if (rule.pattern().matches(key)) {
                return rule;
            }
        }
        return fallback;
    }

    /** Returns every rule, the default rule last; a rule's position is its {@link ResolvedRule#index()}. */
    public List<ResolvedRule> all() {
        return all;
    }
}
