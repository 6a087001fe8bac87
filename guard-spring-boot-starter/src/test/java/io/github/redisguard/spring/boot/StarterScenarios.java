/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.RedisGuard;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Spring's own Redis clients, auto-configured by Boot, go through the guard without code changes: the scenarios every
 * client library shares, run by one subclass per client ({@code spring.data.redis.client-type}). Each case also runs
 * on an unguarded factory of the same client to the same server, to show what the guard prevents.
 */
@SpringBootTest(
        classes = StarterScenarios.App.class,
        properties = {
            "spring.cache.type=redis",
            "redis-guard.default-ttl=1h",
            "redis-guard.rules[0].name=orders",
            "redis-guard.rules[0].pattern=orders::*",
            "redis-guard.rules[0].default-ttl=10m",
            "redis-guard.rules[0].shed-class=low",
            "redis-guard.rules[0].on-shed=drop",
            "redis-guard.rules[1].name=blobs",
            "redis-guard.rules[1].pattern=blob:*",
            "redis-guard.rules[1].compression.algorithm=lz4",
            "redis-guard.rules[1].compression.threshold=64B",
            "redis-guard.rules[1].max-value-size=64KB",
            "redis-guard.rules[2].name=sessions",
            "redis-guard.rules[2].pattern=spring:session:*",
            "redis-guard.rules[2].default-ttl=30m",
            "redis-guard.rules[2].max-ttl=1h",
        })
@DirtiesContext
abstract class StarterScenarios {

    static final long HOUR_MS = 3_600_000L;

    private static final long TEN_MINUTES_MS = 600_000L;

    @Autowired
    TestRedis redis;

    @Autowired
    RedisConnectionFactory factory;

    @Autowired
    RedisGuard guard;

    @Autowired
    StringRedisTemplate strings;

    @Autowired
    RedisTemplate<Object, Object> redisTemplate;

    @Autowired
    Orders orders;

    @BeforeEach
    void flush() {
        redis.flushAll();
    }

    /** The client's connection factory type: the auto-configured factory must still be one. */
    abstract Class<? extends RedisConnectionFactory> factoryType();

    /** A started factory of the same client to the same server, not guarded; destroy it with {@link #destroy}. */
    abstract RedisConnectionFactory rawFactory();

    @Test
    void factory_keepsItsConcreteType_andIsGuarded() {
        assertThat(factory).isInstanceOf(factoryType());
        assertThat(SpringRedisGuard.isGuarded(factory)).isTrue();
    }

    @Test
    void factoryStoppedAndStartedAgain_staysGuarded() {
        SmartLifecycle lifecycle = (SmartLifecycle) factory;
        lifecycle.stop();
        lifecycle.start();
        strings.opsForValue().set("restart:1", "v");
        assertThat(pttl("restart:1")).isBetween(1L, HOUR_MS);
    }

    @Test
    void handBuiltFactory_guardedWithSpringRedisGuard_keepsItsType() {
        RedisConnectionFactory guarded = SpringRedisGuard.guard(rawFactory(), guard);
        try {
            assertThat(guarded).isInstanceOf(factoryType());
            assertThat(SpringRedisGuard.guard(guarded, guard)).isSameAs(guarded);
            new StringRedisTemplate(guarded).opsForValue().set("hand:1", "v");
            assertThat(pttl("hand:1")).isBetween(1L, HOUR_MS);
        } finally {
            destroy(guarded); // through the proxy: also releases the guard's hold on the server
        }
    }

    @Test
    void stringTemplateSet_withoutTtl_getsTheDefaultTtl_rawKeepsItForever() {
        strings.opsForValue().set("plain:1", "v");
        assertThat(pttl("plain:1")).isBetween(1L, HOUR_MS);

        unguarded(raw -> raw.opsForValue().set("plain:2", "v"));
        assertThat(pttl("plain:2")).isEqualTo(-1L);
    }

    @Test
    void stringTemplateHashAndList_getTheDefaultTtl() {
        strings.opsForHash().putAll("hash:1", Map.of("a", "1", "b", "2"));
        strings.opsForList().rightPushAll("list:1", "a", "b");
        strings.opsForValue().increment("counter:1");
        assertThat(pttl("hash:1")).isBetween(1L, HOUR_MS);
        assertThat(pttl("list:1")).isBetween(1L, HOUR_MS);
        assertThat(pttl("counter:1")).isBetween(1L, HOUR_MS);

        unguarded(raw -> raw.opsForHash().put("hash:2", "a", "1"));
        assertThat(pttl("hash:2")).isEqualTo(-1L);
    }

    @Test
    void redisTemplateOfObjects_getsTheDefaultTtl() {
        redisTemplate.opsForValue().set("object-key", List.of(1, 2, 3)); // JDK-serialized key and value
        assertThat(redisTemplate.getExpire("object-key")).isBetween(1L, HOUR_MS / 1000);
        assertThat(redisTemplate.opsForValue().get("object-key")).isEqualTo(List.of(1, 2, 3));
    }

    @Test
    void cacheable_entryGetsTheCacheRulesTtl_rawCacheManagerKeepsItForever() {
        assertThat(orders.find(42)).isEqualTo("order 42");
        // With Lettuce, RedisCache writes asynchronously through the reactive connection: wait for the entry to land
        // before the second call, which must then be served from the cache.
        assertThat(pttlOnceWritten("orders::42")).isBetween(1L, TEN_MINUTES_MS);
        assertThat(orders.find(42)).isEqualTo("order 42");
        assertThat(orders.calls()).isEqualTo(1);

        RedisConnectionFactory raw = rawFactory();
        try {
            RedisCacheManager.create(raw).getCache("orders").put(43, "order 43");
            assertThat(pttlOnceWritten("orders::43")).isEqualTo(-1L);
        } finally {
            destroy(raw);
        }
    }

    @Test
    void springSession_hashWriteAndSeparateExpire_capByTheSessionRule_rawKeepsTheRequestedTtl() {
        Session saved = saveSession(factory, Duration.ofHours(2));
        String key = "spring:session:sessions:" + saved.getId();
        assertThat(pttl(key)).isBetween(1L, HOUR_MS); // Spring asked for 2 h; the rule caps at 1 h
        SessionRepository<? extends Session> sessions = sessionRepository(factory, Duration.ofHours(2));
        Session found = sessions.findById(saved.getId());
        assertThat(found.<String>getAttribute("user")).isEqualTo("ada");

        RedisConnectionFactory raw = rawFactory();
        try {
            Session rawSaved = saveSession(raw, Duration.ofHours(2));
            assertThat(pttl("spring:session:sessions:" + rawSaved.getId())).isGreaterThan(HOUR_MS);
        } finally {
            destroy(raw);
        }
    }

    static RedisSessionRepository sessionRepository(RedisConnectionFactory factory, Duration maxInactive) {
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setConnectionFactory(factory);
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.afterPropertiesSet();
        RedisSessionRepository repository = new RedisSessionRepository(template);
        repository.setDefaultMaxInactiveInterval(maxInactive);
        return repository;
    }

    private static Session saveSession(RedisConnectionFactory factory, Duration maxInactive) {
        return save(sessionRepository(factory, maxInactive), "user", "ada");
    }

    /** Creates, fills and saves a session (Spring Session's RedisSession type is not public). */
    static <S extends Session> S save(SessionRepository<S> repository, String attribute, Object value) {
        S session = repository.createSession();
        session.setAttribute(attribute, value);
        repository.save(session);
        return session;
    }

    @Test
    void transaction_andPipeline_getTheDefaultTtl() {
        List<Object> results = strings.execute(new SessionCallback<List<Object>>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> List<Object> execute(RedisOperations<K, V> operations) throws DataAccessException {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                ops.multi();
                ops.opsForValue().set("tx:1", "v");
                ops.opsForSet().add("tx:2", "m");
                return ops.exec();
            }
        });
        assertThat(results).hasSize(2);
        strings.executePipelined(new SessionCallback<Object>() {
            @Override
            @SuppressWarnings("unchecked")
            public <K, V> Object execute(RedisOperations<K, V> operations) throws DataAccessException {
                RedisOperations<String, String> ops = (RedisOperations<String, String>) operations;
                ops.opsForValue().set("pipe:1", "v");
                ops.opsForHash().put("pipe:2", "f", "v");
                return null;
            }
        });
        for (String key : List.of("tx:1", "tx:2", "pipe:1", "pipe:2")) {
            assertThat(pttl(key)).as(key).isBetween(1L, HOUR_MS);
        }
    }

    @Test
    void largeValue_storedCompressed_readBackWhole() {
        String value = "the same sentence, over and over. ".repeat(200);
        strings.opsForValue().set("blob:1", value);
        assertThat(strings.opsForValue().get("blob:1")).isEqualTo(value);
        assertThat((Long) redis.call("STRLEN", "blob:1")).isLessThan(value.length() / 4L);

        unguarded(raw -> raw.opsForValue().set("blob:2", value));
        assertThat((Long) redis.call("STRLEN", "blob:2")).isEqualTo(value.length());
    }

    @Test
    void oversizedValue_refusedBeforeItReachesRedis() {
        String value = "x".repeat(65 * 1024);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> strings.opsForValue().set("blob:big", value))
                .hasRootCauseInstanceOf(io.github.redisguard.ValueTooLargeException.class);
        assertThat(redis.call("EXISTS", "blob:big")).isEqualTo(0L);
    }

    private long pttlOnceWritten(String key) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pttl(key), pttl -> pttl != -2L);
    }

    long pttl(String key) {
        return (Long) redis.call("PTTL", key);
    }

    private void unguarded(Consumer<StringRedisTemplate> action) {
        RedisConnectionFactory raw = rawFactory();
        try {
            action.accept(new StringRedisTemplate(raw));
        } finally {
            destroy(raw);
        }
    }

    /** Stops and destroys a factory (both clients' factories are {@link DisposableBean}s). */
    static void destroy(RedisConnectionFactory factory) {
        try {
            ((DisposableBean) factory).destroy();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableCaching
    @Import({TestRedisServer.class, TestRedisCluster.class})
    static class App {
        @Bean
        Orders orders() {
            return new Orders();
        }
    }

    static class Orders {
        private int calls;

        @Cacheable("orders")
        public String find(int id) {
            calls++;
            return "order " + id;
        }

        public int calls() {
            return calls; // through the caching proxy, to the target's count
        }
    }
}
