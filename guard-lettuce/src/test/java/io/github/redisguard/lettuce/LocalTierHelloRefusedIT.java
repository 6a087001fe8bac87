/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalTierIT}'s tests against a server that refuses {@code HELLO} (as some proxies do): the clients keep their
 * default options, Lettuce falls back to RESP2, and the guard tracks with REDIRECT.
 */
@RedisTest(args = {"--enable-debug-command", "yes", "--rename-command", "HELLO", ""})
class LocalTierHelloRefusedIT extends LocalTierIT {

    LocalTierHelloRefusedIT(RedisServer server) {
        super(server);
    }

    @Override
    String invalidationConnectionName() {
        return LettuceResp2Tracking.SUBSCRIBER_NAME;
    }

    @Test
    void trackingFallsBackToRedirect() {
        new App(tier());

        Map<String, String> subscriber = clientOrNull(LettuceResp2Tracking.SUBSCRIBER_NAME);
        Map<String, String> tracking = clientOrNull(LettuceTracking.CLIENT_NAME);
        assertThat(subscriber).as("the subscriber").isNotNull();
        assertThat(tracking).as("the tracking connection").isNotNull();
        assertThat(tracking.get("resp")).isEqualTo("2");
        assertThat(tracking.get("redir")).isEqualTo(subscriber.get("id"));
    }
}
