/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.local.LocalTierConfig;
import io.github.redisguard.test.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stale-if-error against a server that goes away: the tier serves an entry it holds up to {@code staleIfError} past the
 * entry's end, counts each such read, and not a nanosecond longer; a raw connection of the same client fails. Time is
 * the guard's injected ticker, moved by the test; the server is one of the test's own, stopped for good.
 */
class LocalTierStaleIfErrorIT {

    private static final Duration MAX_STALENESS = Duration.ofMinutes(1);

    private static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final AtomicLong ticker = new AtomicLong(1_000_000_000L);

    private RedisServer server;

    private RedisClient client;

    private RedisGuard guard;

    @AfterEach
    void close() {
        if (guard != null) {
            guard.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    /**
     * A server these tests may stop: started here, not the shared one of {@value RedisServer#REDIS_URL}. Like the
     * ITs that start servers with extra arguments, these fail rather than skip when only that one is available.
     */
    private static RedisServer stoppableServer() {
        RedisServer started = RedisServer.start();
        if (started.source() == RedisServer.Source.EXTERNAL) {
            started.close();
            throw new IllegalStateException("these tests stop their server, so they need one started for them (a"
                    + " redis-server on the PATH or Docker), but " + RedisServer.REDIS_URL + " names a shared one:"
                    + " unset it to run them");
        }
        return started;
    }

    /**
     * Starts the server, the client and a guard with the tier on {@code product:*} and {@code staleIfError}; returns
     * a raw connection that has written {@code product:1} (before the guard tracks: no late invalidation for it).
     */
    private StatefulRedisConnection<String, String> start(Duration staleIfError) {
        server = stoppableServer();
        client = RedisClient.create(server.uri());
        // Commands sent while disconnected fail at once instead of waiting for a reconnect that will not come.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        guard = RedisGuard.builder(GuardConfig.builder()
                        .localTier(LocalTierConfig.builder()
                                .enabled(true)
                                .pattern("product:*")
                                .maxStaleness(MAX_STALENESS)
                                .staleIfError(staleIfError)
                                .build())
                        .build())
                .meterRegistry(registry)
                .ticker(ticker::get)
                .build();
        StatefulRedisConnection<String, String> raw = client.connect(RedisURI.create(server.uri()));
        raw.sync().set("product:1", "v1");
        return raw;
    }

    @Test
    void whileRedisIsDown_anEntryIsServedUpToStaleIfErrorPastItsEnd_countedAsStale_andNeverLater() {
        StatefulRedisConnection<String, String> raw = start(STALE_IF_ERROR);
        StatefulRedisConnection<String, String> guarded =
                LettuceGuard.connect(client, RedisURI.create(server.uri()), guard);

        long loadedAt = ticker.get();
        assertThat(guarded.sync().get("product:1")).isEqualTo("v1");
        assertThat(guarded.sync().get("product:1")).isEqualTo("v1");
        assertThat(counter("redis.guard.local.hits")).isEqualTo(1);
        long end = loadedAt + MAX_STALENESS.toNanos(); // the key has no TTL: the entry ends at maxStaleness
        double flushed = flushes();

        server.close();
        await().atMost(BOUND).until(() -> !guarded.isOpen() && !raw.isOpen() && flushes() > flushed); // tracking lost

        assertThatThrownBy(() -> raw.sync().get("product:1"))
                .as("the raw client, same server, same moment")
                .isInstanceOf(RedisException.class);

        ticker.set(end - 1);
        assertThat(guarded.sync().get("product:1")).isEqualTo("v1");
        assertThat(stale()).isEqualTo(1);

        ticker.set(end + 1);
        assertThat(guarded.sync().get("product:1")).isEqualTo("v1");
        assertThat(guarded.async().get("product:1").toCompletableFuture().join())
                .isEqualTo("v1");
        assertThat(stale()).isEqualTo(3);

        ticker.set(end + STALE_IF_ERROR.toNanos() - 1);
        assertThat(guarded.reactive().get("product:1").block()).isEqualTo("v1");
        assertThat(stale()).isEqualTo(4);

        ticker.set(end + STALE_IF_ERROR.toNanos());
        assertThatThrownBy(() -> guarded.sync().get("product:1"))
                .as("past staleIfError the read fails as Redis is down")
                .isInstanceOf(RedisException.class);
        ticker.set(end + STALE_IF_ERROR.toNanos() + Duration.ofHours(1).toNanos());
        assertThatThrownBy(() -> guarded.sync().get("product:1")).isInstanceOf(RedisException.class);
        assertThat(stale()).isEqualTo(4);
        assertThat(counter("redis.guard.local.hits"))
                .as("no stale read counted as a hit")
                .isEqualTo(1);
    }

    @Test
    void withoutStaleIfError_nothingIsServedWhileRedisIsDown() {
        StatefulRedisConnection<String, String> raw = start(Duration.ZERO);
        StatefulRedisConnection<String, String> guarded =
                LettuceGuard.connect(client, RedisURI.create(server.uri()), guard);
        assertThat(guarded.sync().get("product:1")).isEqualTo("v1");
        double flushed = flushes();

        server.close();
        await().atMost(BOUND).until(() -> !guarded.isOpen() && flushes() > flushed);

        assertThatThrownBy(() -> guarded.sync().get("product:1")).isInstanceOf(RedisException.class);
        assertThat(stale()).isZero();
    }

    /** Tier flushes: one when the tracking connection drops. */
    private double flushes() {
        return registry.find("redis.guard.local.invalidations").tags("source", "flush").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    private double stale() {
        return counter("redis.guard.local.stale");
    }

    private double counter(String name) {
        return registry.find(name).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }
}
