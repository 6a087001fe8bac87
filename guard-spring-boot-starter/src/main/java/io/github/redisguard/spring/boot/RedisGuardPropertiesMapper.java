/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.GuardConfigurationException;
import io.github.redisguard.KeyRule;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.codec.CompressionAlgorithm;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.ShedClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping from {@link RedisGuardProperties} to the core builders. Every value is handed to the builder method
 * of the same name, so the core's own checks apply; a value the core refuses becomes an
 * {@link InvalidRedisGuardPropertyException} naming the property as the application wrote it.
 */
final class RedisGuardPropertiesMapper {

    /** Compression threshold used when a compression group names an algorithm and no threshold: 1 KB. */
    static final DataSize DEFAULT_COMPRESSION_THRESHOLD = DataSize.ofKilobytes(1);

    private static final String PREFIX = RedisGuardProperties.PREFIX + ".";

    private static final Pattern RULE_SETTING = Pattern.compile("^rules\\[(.*)]\\.(\\w+)$");

    private RedisGuardPropertiesMapper() {}

    /**
     * Returns a builder holding the properties' settings, not yet built (customizers may still change it).
     *
     * @throws InvalidRedisGuardPropertyException if the core refuses a value
     */
    static GuardConfig.Builder toBuilder(RedisGuardProperties properties) {
        GuardConfig.Builder builder = GuardConfig.builder();
        set("default-ttl", properties.getDefaultTtl(), builder::defaultTtl);
        set("max-ttl", properties.getMaxTtl(), builder::maxTtl);
        set("min-ttl", properties.getMinTtl(), builder::minTtl);
        set("jitter", properties.getJitter(), builder::jitter);
        if (properties.getOnMissingTtl() != null) {
            builder.onMissingTtl(properties.getOnMissingTtl());
        }
        set("max-value-size", properties.getMaxValueSize(), maxValueSize -> builder.maxValueSize(size(maxValueSize)));
        set(
                "max-decoded-size",
                properties.getMaxDecodedSize(),
                maxDecodedSize -> builder.maxDecodedSize(size(maxDecodedSize)));
        Compression compression = compression("compression", properties.getCompression(), null);
        if (compression != null) {
            builder.compression(compression);
        }
        builder.memory(memory(properties.getMemory()));
        builder.localTier(localTier(properties.getLocalTier()));
        List<RedisGuardProperties.Rule> rules = properties.getRules();
        for (int i = 0; i < rules.size(); i++) {
            builder.rule(rule("rules[" + i + "].", rules.get(i), properties.getCompression()));
        }
        return builder;
    }

    /**
     * Builds the configuration, reporting a conflict between settings under the property that holds it.
     *
     * @throws InvalidRedisGuardPropertyException if the settings conflict
     */
    static GuardConfig build(GuardConfig.Builder builder, RedisGuardProperties properties) {
        try {
            return builder.build();
        } catch (GuardConfigurationException e) {
            throw new InvalidRedisGuardPropertyException(property(e.setting(), properties), null, e.getMessage(), e);
        }
    }

    /** Translates a core setting ({@code rules[sessions].defaultTtl}) to the property that sets it. */
    static String property(String setting, RedisGuardProperties properties) {
        Matcher rule = RULE_SETTING.matcher(setting);
        if (rule.matches()) {
            String name = rule.group(1);
            int index = -1;
            List<RedisGuardProperties.Rule> rules = properties.getRules();
            for (int i = 0; i < rules.size(); i++) {
                RedisGuardProperties.Rule r = rules.get(i);
                if (name.equals(r.getName() != null ? r.getName() : r.getPattern())) {
                    index = i; // the last one: a duplicate name is reported where it repeats
                }
            }
            if (index >= 0) {
                return PREFIX + "rules[" + index + "]." + kebab(rule.group(2));
            }
            return PREFIX + "rules"; // a rule a customizer added
        }
        return PREFIX + kebabPath(setting);
    }

    private static KeyRule rule(
            String path, RedisGuardProperties.Rule rule, RedisGuardProperties.Compression defaults) {
        String pattern = rule.getPattern();
        if (pattern == null || pattern.isEmpty()) {
            throw new InvalidRedisGuardPropertyException(
                    PREFIX + path + "pattern",
                    null,
                    path + "pattern must be set to the Redis glob of the rule's keys, such as 'session:*', but was"
                            + " not set",
                    null);
        }
        KeyRule.Builder builder = apply(path + "pattern", pattern, () -> KeyRule.builder(pattern));
        set(path + "name", rule.getName(), builder::name);
        set(path + "default-ttl", rule.getDefaultTtl(), builder::defaultTtl);
        set(path + "max-ttl", rule.getMaxTtl(), builder::maxTtl);
        set(path + "min-ttl", rule.getMinTtl(), builder::minTtl);
        set(path + "jitter", rule.getJitter(), builder::jitter);
        if (rule.getOnMissingTtl() != null) {
            builder.onMissingTtl(rule.getOnMissingTtl());
        }
        builder.persistent(rule.isPersistent());
        Compression compression = compression(path + "compression", rule.getCompression(), defaults);
        if (compression != null) {
            builder.compression(compression);
        }
        set(path + "max-value-size", rule.getMaxValueSize(), maxValueSize -> builder.maxValueSize(size(maxValueSize)));
        set(path + "shed-class", rule.getShedClass(), builder::shedClass);
        if (rule.getOnShed() != null) {
            builder.onShed(rule.getOnShed());
        }
        try {
            return builder.build();
        } catch (GuardConfigurationException e) {
            throw new InvalidRedisGuardPropertyException(PREFIX + path + "persistent", "true", e.getMessage(), e);
        }
    }

    /**
     * Returns the compression a group sets, or null when it sets none. A rule's group inherits the algorithm and
     * threshold it leaves unset from the top-level group ({@code defaults}).
     */
    private static @Nullable Compression compression(
            String path, RedisGuardProperties.Compression group, RedisGuardProperties.@Nullable Compression defaults) {
        CompressionAlgorithm algorithm = group.getAlgorithm();
        org.springframework.util.unit.DataSize threshold = group.getThreshold();
        if (algorithm == null && threshold == null) {
            return null;
        }
        if (algorithm == null && defaults != null) {
            algorithm = defaults.getAlgorithm();
        }
        if (algorithm == null) {
            throw new InvalidRedisGuardPropertyException(
                    PREFIX + path + ".algorithm",
                    null,
                    path + ".algorithm must be set (none, lz4 or zstd) when " + path + ".threshold is, but was not set",
                    null);
        }
        if (threshold == null && defaults != null) {
            threshold = defaults.getThreshold();
        }
        DataSize size = threshold != null ? size(threshold) : DEFAULT_COMPRESSION_THRESHOLD;
        CompressionAlgorithm chosen = algorithm;
        return apply(path + ".threshold", threshold != null ? threshold : size, () -> Compression.of(chosen, size));
    }

    private static MemoryConfig memory(RedisGuardProperties.Memory memory) {
        MemoryConfig.Builder builder = MemoryConfig.builder().enabled(memory.isEnabled());
        List<RedisGuardProperties.ShedClass> classes = memory.getShedClasses();
        if (classes != null) {
            List<ShedClass> shedClasses = new ArrayList<>(classes.size());
            for (int i = 0; i < classes.size(); i++) {
                String path = "memory.shed-classes[" + i + "]";
                RedisGuardProperties.ShedClass c = classes.get(i);
                String name = c.getName();
                Double threshold = c.getThreshold();
                if (name == null || threshold == null) {
                    String missing = name == null ? ".name" : ".threshold";
                    throw new InvalidRedisGuardPropertyException(
                            PREFIX + path + missing,
                            null,
                            path + missing + " must be set (every shed class has a name and a threshold above 0 and"
                                    + " at most 1), but was not set",
                            null);
                }
                shedClasses.add(apply(path, name + "@" + threshold, () -> ShedClass.of(name, threshold)));
            }
            builder.shedClasses(shedClasses);
        }
        if (memory.getDefaultShedClass() != null) {
            builder.defaultShedClass(memory.getDefaultShedClass());
        }
        set("memory.hysteresis", memory.getHysteresis(), builder::hysteresis);
        Duration min = memory.getMinSampleInterval();
        Duration max = memory.getMaxSampleInterval();
        if (min != null || max != null) {
            Duration lo = min != null ? min : MemoryConfig.DEFAULT_MIN_SAMPLE_INTERVAL;
            Duration hi = max != null ? max : MemoryConfig.DEFAULT_MAX_SAMPLE_INTERVAL;
            apply(
                    min != null ? "memory.min-sample-interval" : "memory.max-sample-interval",
                    min != null ? min : hi,
                    () -> builder.sampleInterval(lo, hi));
        }
        set("memory.sample-timeout", memory.getSampleTimeout(), builder::sampleTimeout);
        set("memory.overhead-factor", memory.getOverheadFactor(), builder::overheadFactor);
        set(
                "memory.write-overhead",
                memory.getWriteOverhead(),
                writeOverhead -> builder.writeOverhead(size(writeOverhead)));
        set("memory.sample-trigger", memory.getSampleTrigger(), builder::sampleTrigger);
        set("memory.limit", memory.getLimit(), limit -> builder.limit(size(limit)));
        set("memory.system-memory-share", memory.getSystemMemoryShare(), builder::systemMemoryShare);
        if (memory.getFailMode() != null) {
            builder.failMode(memory.getFailMode());
        }
        return built(builder::build);
    }

    private static LocalTierConfig localTier(RedisGuardProperties.LocalTier tier) {
        LocalTierConfig.Builder builder = LocalTierConfig.builder().enabled(tier.isEnabled());
        List<String> patterns = tier.getPatterns();
        for (int i = 0; i < patterns.size(); i++) {
            set("local-tier.patterns[" + i + "]", patterns.get(i), builder::pattern);
        }
        set("local-tier.maximum-entries", tier.getMaximumEntries(), builder::maximumEntries);
        set(
                "local-tier.maximum-weight",
                tier.getMaximumWeight(),
                maximumWeight -> builder.maximumWeight(size(maximumWeight)));
        set("local-tier.max-staleness", tier.getMaxStaleness(), builder::maxStaleness);
        set("local-tier.stale-if-error", tier.getStaleIfError(), builder::staleIfError);
        return built(builder::build);
    }

    /** Builds a group's configuration, reporting a conflict between its settings under the property named. */
    private static <T> T built(Supplier<T> build) {
        try {
            return build.get();
        } catch (GuardConfigurationException e) {
            throw new InvalidRedisGuardPropertyException(PREFIX + kebabPath(e.setting()), null, e.getMessage(), e);
        }
    }

    private static DataSize size(org.springframework.util.unit.DataSize size) {
        return DataSize.ofBytes(size.toBytes());
    }

    /** Calls {@code setter} with the value of a property that is set; a value the core refuses is reported. */
    private static <V> void set(String path, @Nullable V value, Consumer<V> setter) {
        if (value != null) {
            apply(path, value, () -> {
                setter.accept(value);
                return value;
            });
        }
    }

    private static <T> T apply(String path, Object value, Supplier<T> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidRedisGuardPropertyException(PREFIX + path, String.valueOf(value), e.getMessage(), e);
        }
    }

    /** The property path of a core setting: {@code memory.failMode} is {@code memory.fail-mode}. */
    static String kebabPath(String setting) {
        // The core names the local tier's settings "local.*"; the properties group is "local-tier".
        String path0 = setting.startsWith("local.") ? "localTier" + setting.substring("local".length()) : setting;
        StringBuilder path = new StringBuilder();
        for (String part : path0.split("\\.")) {
            path.append(path.length() > 0 ? "." : "").append(kebab(part));
        }
        return path.toString();
    }

    static String kebab(String camel) {
        StringBuilder out = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
