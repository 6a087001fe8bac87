/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.GuardConfig;

/**
 * Changes the {@link GuardConfig} the auto-configuration builds from {@code redis-guard.*}, for what properties
 * cannot express: a rule assembled in code, settings computed at startup.
 *
 * {@snippet :
 * @Bean
 * RedisGuardCustomizer tenantRules(TenantRegistry tenants) {
 *     return builder -> tenants.all().forEach(t ->
 *             builder.rule(KeyRule.builder(t.prefix() + "*").maxValueSize(t.valueLimit()).build()));
 * }
 * }
 *
 * <p>Every customizer bean is called, in {@link org.springframework.core.Ordered} order, after the properties are
 * applied and before {@link GuardConfig.Builder#build()}; a customizer sees the rules from properties and may
 * replace them. The auto-configuration skips customizers when the application defines its own {@link GuardConfig}
 * bean. Exceptions a customizer throws fail startup.
 */
@FunctionalInterface
public interface RedisGuardCustomizer {

    /**
     * Customizes the configuration before it is built.
     *
     * @param builder holding the settings from {@code redis-guard.*}
     */
    void customize(GuardConfig.Builder builder);
}
