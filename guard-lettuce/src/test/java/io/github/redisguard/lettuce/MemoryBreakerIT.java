/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisServerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The memory breaker against real servers with a small maxmemory, one fresh server per side of each scenario. */
class MemoryBreakerIT {

    private static final long MAXMEMORY = 16L * 1024 * 1024;

    private static RedisServer server(String policy) {
        return RedisServer.start(RedisServerOptions.builder()
                .maxmemory(MAXMEMORY)
                .maxmemoryPolicy(policy)
                .build());
    }

    private static double peakRatio(RedisServer server) {
        return Double.parseDouble(server.info("memory").get("used_memory_peak")) / MAXMEMORY;
    }

    @Test
    void flood_noeviction_rawGetsOom_guardedGetsNoneAndStaysBelowHardThresholdPlusTwoPoints() throws Exception {
        Flood raw;
        try (RedisServer server = server("noeviction")) {
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                raw = Flood.run(connection, "flood:", 30_000, 1024, 512);
            } finally {
                client.shutdown();
            }
        }
        Flood guarded;
        double peak;
        try (RedisServer server = server("noeviction");
                RedisGuard guard = RedisGuard.builder(GuardConfig.builder()
                                .defaultTtl(Duration.ofHours(1))
                                .build())
                        .meterRegistry(new SimpleMeterRegistry())
                        .build()) {
            RedisClient client = RedisClient.create();
            try (StatefulRedisConnection<String, String> connection =
                    LettuceGuard.connect(client, RedisURI.create(server.uri()), guard)) {
                guarded = Flood.run(connection, "flood:", 30_000, 1024, 512);
            } finally {
                client.shutdown();
            }
            peak = peakRatio(server);
        }

        System.out.println("raw " + raw + " guarded " + guarded + " peak " + peak);
        assertThat(raw.oom.get()).isPositive();
        assertThat(guarded.oom.get()).isZero();
        assertThat(guarded.otherErrors.get()).isZero();
        assertThat(guarded.shed.get()).isPositive();
        assertThat(peak).isLessThanOrEqualTo(0.97 + 0.02);
    }
}
