/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.test.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.protocol.ProtocolVersion;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalTierIT}'s tests with clients configured for RESP2: the server sends the invalidations as pub/sub messages
 * to the guard's subscriber, named in CLIENT TRACKING ... REDIRECT on the guard's tracking connection.
 */
class LocalTierResp2IT extends LocalTierIT {

    LocalTierResp2IT(RedisServer server) {
        super(server);
    }

    @Override
    ClientOptions clientOptions() {
        return ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build();
    }

    @Override
    String invalidationConnectionName() {
        return LettuceResp2Tracking.SUBSCRIBER_NAME;
    }

    @Test
    void trackingConnection_redirectsToTheSubscriber() {
        new App(tier());

        Map<String, String> subscriber = clientOrNull(LettuceResp2Tracking.SUBSCRIBER_NAME);
        Map<String, String> tracking = clientOrNull(LettuceTracking.CLIENT_NAME);
        assertThat(subscriber).as("the subscriber").isNotNull();
        assertThat(tracking).as("the tracking connection").isNotNull();
        assertThat(subscriber.get("resp")).isEqualTo("2");
        assertThat(subscriber.get("flags")).contains("P"); // subscribed
        assertThat(subscriber.get("sub")).isEqualTo("1");
        assertThat(tracking.get("resp")).isEqualTo("2");
        assertThat(tracking.get("flags")).contains("t"); // tracking
        assertThat(tracking.get("redir")).isEqualTo(subscriber.get("id"));
    }

    @Test
    void killingTheRedirectingConnection_flushesTheTier_andReadsStayCorrect() {
        killingAConnection_flushesTheTier_andReadsStayCorrect(LettuceTracking.CLIENT_NAME);
    }
}
