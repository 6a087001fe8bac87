/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** The counterpart of {@link LettuceLocalTierStarterIT}: with the local tier off, every read reaches the server. */
@SpringBootTest(
        classes = LocalTierStarterReads.App.class,
        properties = {
            "redis-guard.local-tier.enabled=false",
            LocalTierStarterReads.PATTERN,
            LocalTierStarterReads.MAX_STALENESS
        })
@DirtiesContext
class LettuceLocalTierOffStarterIT extends LocalTierStarterReads {

    @Test
    void repeatedGetsOfAPatternKey_everyOneReachesTheServer() {
        assertThat(serverGetsForRepeatedReads("product:1")).isEqualTo(READS);
    }

    @Test
    void noTrackingConnection() {
        assertThat(String.valueOf(server.call("CLIENT", "LIST"))).doesNotContain("name=redis-guard-tracking ");
    }
}
