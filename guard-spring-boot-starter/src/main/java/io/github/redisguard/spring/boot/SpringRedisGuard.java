/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.RedisGuard;
import java.util.Objects;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Guards Spring Data Redis connection factories, for factories the application builds outside the Spring context
 * (the auto-configuration guards the factory beans itself):
 *
 * {@snippet :
 * LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("redis", 6379));
 * factory.afterPropertiesSet();
 * StringRedisTemplate template = new StringRedisTemplate(SpringRedisGuard.guard(factory, guard));
 * template.opsForValue().set("cache:42", "...");   // sent as SET cache:42 ... PX <the rule's TTL>
 * }
 *
 * <p>The returned factory is a class-based proxy of the given one: it has the same concrete class (a
 * {@code LettuceConnectionFactory} is still one, also a {@code ReactiveRedisConnectionFactory}; a
 * {@code JedisConnectionFactory} is still one), and every connection it hands out sends its commands through the
 * guard. Use the proxy, not the original, from then on, also to stop and destroy it: the proxy then releases the
 * guard's hold on the server.
 *
 * <ul>
 *   <li><b>Lettuce</b> ({@code guard-lettuce} on the class path): every imperative and reactive connection, shared,
 *       dedicated or pooled. The memory breaker watches the server of a standalone configuration over a connection of
 *       its own; with Sentinel or static master/replica configurations the TTL policy, size guard and compression
 *       apply without it. Redis Cluster: every cluster connection, with a breaker per primary (no local tier), and the
 *       commands Spring runs node by node on guarded node connections.
 *   <li><b>Jedis</b> ({@code guard-jedis} on the class path), standalone: the factory's client is replaced after each
 *       start by a {@code JedisGuard.pooled} client for the same server, with the factory's client settings and pool
 *       settings: plain commands, pipelines and transactions are guarded and their replies decompressed; memory
 *       breaker and local tier included. Redis Cluster: the factory's cluster client is replaced by a
 *       {@code JedisGuard.cluster} client for the configured nodes (breaker and local tier per primary), and the
 *       commands Spring runs node by node use its guarded pools; Spring refuses pipelines and MULTI on cluster
 *       connections itself. Sentinel factories are not guarded yet (a warning says so).
 * </ul>
 */
public final class SpringRedisGuard {

    private static final ClassLoader LOADER = SpringRedisGuard.class.getClassLoader();

    // Each client's advice is only touched when its client and its guard adapter are on the class path.
    private static final boolean LETTUCE = ClassUtils.isPresent("io.lettuce.core.RedisClient", LOADER)
            && ClassUtils.isPresent("io.github.redisguard.lettuce.LettuceGuard", LOADER);

    private static final boolean JEDIS = ClassUtils.isPresent("redis.clients.jedis.UnifiedJedis", LOADER)
            && ClassUtils.isPresent("io.github.redisguard.jedis.JedisGuard", LOADER);

    private SpringRedisGuard() {}

    /**
     * Returns {@code factory} guarded by {@code guard}.
     *
     * @param factory a Lettuce or Jedis connection factory, started or not
     * @param guard the guard to apply
     * @param <F> the factory's type, kept by the returned proxy
     * @return a proxy of the factory, of its concrete class; {@code factory} itself if it is guarded already
     * @throws IllegalArgumentException if the factory is neither a {@code LettuceConnectionFactory} with
     *     {@code guard-lettuce} on the class path nor a {@code JedisConnectionFactory} with {@code guard-jedis}
     * @throws IllegalStateException if this version of Spring Data Redis does not have the fields the guard hooks into
     *     (the starter is built for Spring Data Redis 4.1); or if a {@code JedisConnectionFactory} is started and
     *     cannot be guarded: it uses the legacy {@code Jedis} client ({@code setUseUnifiedJedis(false)}) or has a
     *     {@code JedisClientBuilderCustomizer}
     */
    @SuppressWarnings("unchecked")
    public static <F extends RedisConnectionFactory> F guard(F factory, RedisGuard guard) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(guard, "guard");
        if (isGuarded(factory)) {
            return factory;
        }
        Object target = AopProxyUtils.getSingletonTarget(factory);
        if (factory instanceof Advised && target != null) {
            // Someone else's proxy: guard its target and put the guard's advice first in the chain.
            FactoryAdvice advice = advice(target, factory, guard);
            ((Advised) factory).addAdvice(0, advice);
            advice.install();
            return factory;
        }
        FactoryAdvice advice = advice(factory, factory, guard);
        ProxyFactory proxy = new ProxyFactory(factory);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(advice);
        advice.install();
        return (F) proxy.getProxy(factory.getClass().getClassLoader());
    }

    private static FactoryAdvice advice(Object target, RedisConnectionFactory factory, RedisGuard guard) {
        if (LETTUCE && target instanceof LettuceConnectionFactory) {
            return new GuardedLettuceFactory((LettuceConnectionFactory) target, guard);
        }
        if (JEDIS && target instanceof JedisConnectionFactory) {
            return new GuardedJedisFactory((JedisConnectionFactory) target, guard);
        }
        throw new IllegalArgumentException("factory must be a LettuceConnectionFactory (with guard-lettuce on the class"
                + " path) or a JedisConnectionFactory (with guard-jedis on the class path), but was "
                + factory.getClass().getName());
    }

    /** Returns whether {@code factory} is a factory this class guarded. */
    static boolean isGuarded(Object factory) {
        if (factory instanceof Advised) {
            for (org.springframework.aop.Advisor advisor : ((Advised) factory).getAdvisors()) {
                if (advisor.getAdvice() instanceof FactoryAdvice) {
                    return true;
                }
            }
        }
        return false;
    }
}
