/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.WriteShedException;
import io.github.redisguard.test.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The memory breaker reaches Spring's clients, whichever the client library (one subclass each): the guard knows the
 * server from the factory's configuration and samples it on a connection of its own (on a cluster, the limited master
 * of {@link TestRedisCluster}). A flood of cache writes through {@code StringRedisTemplate} against a
 * 16 MB {@code noeviction} server is shed from 85% without one OOM reply, and Spring Session sessions saved after it still land;
 * the same flood through an unguarded factory to the same server gets OOM replies, for the sessions too.
 */
@SpringBootTest(
        classes = MemoryBreakerStarterScenarios.App.class,
        properties = {
            "test.redis.maxmemory=16mb",
            "test.redis.policy=noeviction",
            "management.endpoints.web.exposure.include=health,redisguard",
            "redis-guard.default-ttl=1h",
            "redis-guard.rules[0].name=cache",
            "redis-guard.rules[0].pattern=cache:*",
            "redis-guard.rules[0].shed-class=low",
            "redis-guard.rules[1].name=sessions",
            "redis-guard.rules[1].pattern=spring:session:*",
            "redis-guard.rules[1].shed-class=critical",
        })
@DirtiesContext
abstract class MemoryBreakerStarterScenarios {

    private static final int FLOOD = 30_000;

    private static final String PAGE = "p".repeat(1024);

    private static final String SESSION = "s".repeat(200);

    @Autowired
    TestRedis redis;

    @Autowired
    StringRedisTemplate strings;

    @Autowired
    RedisConnectionFactory factory;

    @Autowired
    @Qualifier("redisGuardHealthIndicator")
    HealthIndicator healthIndicator;

    @Autowired
    RedisGuardEndpoint endpoint;

    /** A started, unguarded factory of the same client to the same server. */
    abstract RedisConnectionFactory rawFactory();

    @Test
    @SuppressWarnings("unchecked")
    void cacheFlood_guardedShedsWithoutOom_sessionsLand_rawGetsOomForBoth() {
        Outcome guarded = flood(strings);
        Outcome guardedSessions = sessions(factory);
        long keysWithoutTtl = keysWithoutTtl();
        // Actuator, while the cache class is shed: each poll writes one more page, so memory only grows until the
        // breaker holds the class open (a sample between floods may close it again while memory is below 82%).
        AtomicInteger extra = new AtomicInteger();
        Health health = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            new Outcome().record(() -> strings.opsForValue()
                                    .set("cache:extra:" + extra.incrementAndGet(), PAGE));
                            return healthIndicator.health();
                        },
                        h -> shedding(h).contains("low"));
        Map<String, Object> state = endpoint.state();

        redis.flushAll();
        RedisConnectionFactory raw = rawFactory();
        Outcome unguarded;
        Outcome unguardedSessions;
        try {
            StringRedisTemplate rawTemplate = new StringRedisTemplate(raw);
            unguarded = flood(rawTemplate);
            unguardedSessions = sessions(raw);
        } finally {
            StarterScenarios.destroy(raw);
        }

        assertThat(guarded.oom).isZero();
        assertThat(guarded.other).isZero();
        assertThat(guarded.shed).isPositive();
        assertThat(guardedSessions.ok).isEqualTo(100);
        assertThat(keysWithoutTtl).isZero();

        // Shedding shows in the details, and the application stays UP.
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("failMode", "OPEN");
        Map<?, ?> node = (Map<?, ?>) ((Map<?, ?>) health.getDetails().get("nodes"))
                .get(redis.server().host() + ":" + redis.server().port());
        assertThat(node).as("health details of the node").isNotNull();
        assertThat((List<Object>) node.get("shedding")).contains("low").doesNotContain("critical");
        assertThat((Double) node.get("memoryRatio")).isGreaterThan(0.8);
        assertThat((Map<Object, Object>) ((Map<?, ?>) state.get("counters")).get("shed"))
                .containsKey("low");
        assertThat(((Map<Object, Object>) state.get("nodes")))
                .containsKey(redis.server().host() + ":" + redis.server().port());
        assertThat((List<?>) ((Map<?, ?>) state.get("rules")).get("rules")).hasSize(2);

        assertThat(unguarded.oom).isPositive();
        assertThat(unguardedSessions.oom).isPositive();
    }

    private List<Object> shedding(Health health) {
        Map<?, ?> node = (Map<?, ?>) ((Map<?, ?>) health.getDetails().get("nodes"))
                .get(redis.server().host() + ":" + redis.server().port());
        @SuppressWarnings("unchecked")
        List<Object> shedding = node == null ? List.of() : (List<Object>) node.get("shedding");
        return shedding;
    }

    private long keysWithoutTtl() {
        long without = 0;
        for (RedisServer server : redis.servers()) {
            for (Object key : (List<?>) server.call("KEYS", "*")) {
                if (Long.valueOf(-1L).equals(server.call("PTTL", (String) key))) {
                    without++;
                }
            }
        }
        return without;
    }

    private static Outcome flood(StringRedisTemplate template) {
        Outcome outcome = new Outcome();
        for (int i = 0; i < FLOOD; i++) {
            String key = "cache:" + i;
            outcome.record(() -> template.opsForValue().set(key, PAGE));
        }
        return outcome;
    }

    /** Saves 100 Spring Session sessions of about 200 bytes each through the factory. */
    private static Outcome sessions(RedisConnectionFactory factory) {
        RedisSessionRepository repository = StarterScenarios.sessionRepository(factory, Duration.ofMinutes(30));
        Outcome outcome = new Outcome();
        for (int i = 0; i < 100; i++) {
            outcome.record(() -> StarterScenarios.save(repository, "profile", SESSION));
        }
        return outcome;
    }

    /** Counts writes by what became of them. */
    static final class Outcome {
        int ok;
        int shed;
        int oom;
        int other;

        void record(Runnable write) {
            try {
                write.run();
                ok++;
            } catch (RuntimeException e) {
                if (causedBy(e, WriteShedException.class)) {
                    shed++;
                } else if (String.valueOf(rootMessage(e)).startsWith("OOM ")) {
                    oom++;
                } else {
                    other++;
                    if (other == 1) {
                        throw e;
                    }
                }
            }
        }

        private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }

        private static String rootMessage(Throwable e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            return t.getMessage();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({TestRedisServer.class, TestRedisCluster.class})
    static class App {}
}
