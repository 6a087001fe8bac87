/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.ShedClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the guard shows Actuator, read from its public surface: its configuration and the meters it registers
 * ({@code redis.guard.memory.*} and {@code redis.guard.breaker.shedding} per node, the write counters). Plain maps and
 * lists, so Actuator's JSON needs no types of ours. The figures need a registry that keeps values: the application's
 * {@code MeterRegistry}, or the auto-configuration's own {@code SimpleMeterRegistry} when the application has none
 * (Micrometer's global registry without backends reads NaN and 0). A {@code MeterFilter} of the application that
 * denies {@code redis.guard.*} meters hides the figures too.
 */
final class RedisGuardState {

    private final RedisGuard guard;

    RedisGuardState(RedisGuard guard) {
        this.guard = guard;
    }

    /** The breaker's view of each server it watches, by {@code host:port}: the last figures and the classes shed. */
    Map<String, Map<String, Object>> nodes() {
        MeterRegistry registry = guard.meterRegistry();
        Map<String, Map<String, Object>> nodes = new TreeMap<>();
        for (Gauge ratio : registry.find("redis.guard.memory.ratio").gauges()) {
            String node = ratio.getId().getTag("node");
            if (node == null) {
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("memoryRatio", round(ratio.value()));
            details.put("usedMemory", gauge(registry, "redis.guard.memory.used", node));
            details.put("limit", gauge(registry, "redis.guard.memory.limit", node));
            details.put("blind", gauge(registry, "redis.guard.memory.blind", node) == 1L);
            List<String> shedding = new ArrayList<>();
            for (Gauge g : registry.find("redis.guard.breaker.shedding")
                    .tag("node", node)
                    .gauges()) {
                if (g.value() == 1.0) {
                    shedding.add(g.getId().getTag("class"));
                }
            }
            details.put("shedding", shedding);
            nodes.put(node, details);
        }
        return nodes;
    }

    /** The breaker's settings that explain the figures: whether it runs, its fail mode, its classes. */
    Map<String, Object> breaker() {
        MemoryConfig memory = guard.config().memory();
        Map<String, Object> breaker = new LinkedHashMap<>();
        breaker.put("enabled", memory.enabled());
        breaker.put("failMode", memory.failMode().name());
        Map<String, Double> classes = new LinkedHashMap<>();
        for (ShedClass c : memory.shedClasses()) {
            classes.put(c.name(), c.threshold());
        }
        breaker.put("shedClasses", classes);
        breaker.put("defaultShedClass", memory.defaultShedClass());
        return breaker;
    }

    /** The defaults and the rules, in the order they are tried. */
    Map<String, Object> rules() {
        GuardConfig config = guard.config();
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("defaultTtl", config.defaultTtl().toString());
        config.maxTtl().ifPresent(t -> defaults.put("maxTtl", t.toString()));
        config.minTtl().ifPresent(t -> defaults.put("minTtl", t.toString()));
        defaults.put("jitter", config.jitter());
        defaults.put("onMissingTtl", config.onMissingTtl().name());
        defaults.put("compression", config.compression().toString());
        defaults.put("maxValueSize", config.maxValueSize().toString());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (KeyRule rule : config.rules()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", rule.name());
            r.put("pattern", rule.pattern());
            if (rule.persistent()) {
                r.put("persistent", true);
            }
            rule.defaultTtl().ifPresent(t -> r.put("defaultTtl", t.toString()));
            rule.maxTtl().ifPresent(t -> r.put("maxTtl", t.toString()));
            rule.minTtl().ifPresent(t -> r.put("minTtl", t.toString()));
            rule.jitter().ifPresent(j -> r.put("jitter", j));
            rule.onMissingTtl().ifPresent(o -> r.put("onMissingTtl", o.name()));
            rule.compression().ifPresent(c -> r.put("compression", c.toString()));
            rule.maxValueSize().ifPresent(m -> r.put("maxValueSize", m.toString()));
            r.put("shedClass", rule.shedClass().orElse(config.memory().defaultShedClass()));
            rule.onShed().ifPresent(o -> r.put("onShed", o.name()));
            rules.add(r);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("defaults", defaults);
        all.put("rules", rules);
        return all;
    }

    /** Counters since start: writes by outcome, TTL actions, shed writes by class. */
    Map<String, Object> counters() {
        MeterRegistry registry = guard.meterRegistry();
        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("writes", sumBy(registry, "redis.guard.writes", "outcome"));
        counters.put("ttl", sumBy(registry, "redis.guard.ttl", "action"));
        counters.put("shed", sumBy(registry, "redis.guard.shed", "class"));
        return counters;
    }

    private static Map<String, Long> sumBy(MeterRegistry registry, String name, String tag) {
        Map<String, Long> sums = new TreeMap<>();
        for (Counter counter : registry.find(name).counters()) {
            String key = counter.getId().getTag(tag);
            if (key != null) {
                sums.merge(key, (long) counter.count(), Long::sum);
            }
        }
        return sums;
    }

    private static long gauge(MeterRegistry registry, String name, String node) {
        Gauge gauge = registry.find(name).tag("node", node).gauge();
        double value = gauge != null ? gauge.value() : Double.NaN;
        return Double.isNaN(value) ? -1L : (long) value;
    }

    private static double round(double ratio) {
        return Double.isNaN(ratio) ? -1.0 : Math.round(ratio * 10_000.0) / 10_000.0;
    }
}
