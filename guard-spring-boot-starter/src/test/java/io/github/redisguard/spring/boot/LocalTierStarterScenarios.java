/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;

/**
 * {@code redis-guard.local-tier.*} reaches Spring's reads, whichever client the factory uses: Boot's auto-configured
 * template over the guarded factory is served from the tier, with the guard's own tracking connection, held from the
 * factory's start to its stop. Subclasses pick the client; {@link LettuceLocalTierOffStarterIT} is the same
 * application with the tier off.
 */
@SpringBootTest(
        classes = LocalTierStarterReads.App.class,
        properties = {
            "redis-guard.local-tier.enabled=true",
            LocalTierStarterReads.PATTERN,
            LocalTierStarterReads.MAX_STALENESS
        })
@DirtiesContext
abstract class LocalTierStarterScenarios extends LocalTierStarterReads {

    /** How long a change may take to reach the tier in these tests (a bound, not a measurement). */
    static final Duration BOUND = Duration.ofSeconds(10);

    private static final String TRACKING = "name=redis-guard-tracking ";

    @Autowired
    RedisConnectionFactory factory;

    @Test
    void repeatedGetsOfAPatternKey_areServedFromMemory() {
        // At most two loads more than none: the reports of the FLUSHALL before the test and of the raw SET may each
        // arrive after a load and (rightly) drop its entry once.
        assertThat(serverGetsForRepeatedReads("product:1")).isLessThan(READS).isLessThanOrEqualTo(2);
    }

    @Test
    void repeatedGetsOutsideThePatterns_everyOneReachesTheServer() {
        assertThat(serverGetsForRepeatedReads("user:1")).isEqualTo(READS);
    }

    @Test
    void anotherClientsWrite_isSeenByTheNextReads() {
        server.call("SET", "product:2", "v1");
        assertThat(strings.opsForValue().get("product:2")).isEqualTo("v1");
        await().atMost(BOUND).until(() -> servedFromMemory("product:2", "v1"));

        server.call("SET", "product:2", "v2"); // another client: the test harness's raw connection

        // maxStaleness is 5 min: only the server's invalidation can make the tier drop v1 now.
        await().atMost(BOUND).until(() -> "v2".equals(strings.opsForValue().get("product:2")));
        server.call("DEL", "product:2");
        await().atMost(BOUND).until(() -> strings.opsForValue().get("product:2") == null);
    }

    @Test
    void factoryStop_closesTheTrackingConnection_startOpensItAgain() {
        assertThat(clientList()).contains(TRACKING);
        SmartLifecycle lifecycle = (SmartLifecycle) factory;

        lifecycle.stop();
        await().atMost(BOUND).until(() -> !clientList().contains(TRACKING));

        lifecycle.start();
        assertThat(clientList()).contains(TRACKING);
        server.call("SET", "product:3", "v1");
        await().atMost(BOUND).until(() -> servedFromMemory("product:3", "v1"));
    }

    /** Whether a read of {@code key} returns {@code value} without the server running a GET. */
    boolean servedFromMemory(String key, String value) {
        long before = serverGets();
        return value.equals(strings.opsForValue().get(key)) && serverGets() == before;
    }

    private String clientList() {
        return String.valueOf(server.call("CLIENT", "LIST"));
    }
}
