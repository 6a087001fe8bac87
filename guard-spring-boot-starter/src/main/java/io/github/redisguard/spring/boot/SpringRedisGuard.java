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
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

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
 * {@code LettuceConnectionFactory} is still one, also a {@code ReactiveRedisConnectionFactory}), and every
 * imperative and reactive connection it hands out, shared, dedicated or pooled, sends its commands through the
 * guard. The memory breaker watches the server of a standalone configuration over a connection of its own; with
 * Sentinel or static master/replica configurations the TTL policy, size guard and compression apply without it.
 * Redis Cluster is not guarded yet (a warning says so). Use the proxy, not the original, from then on, also to stop
 * and destroy it: the proxy then releases the guard's hold on the server.
 */
public final class SpringRedisGuard {

    private SpringRedisGuard() {}

    /**
     * Returns {@code factory} guarded by {@code guard}.
     *
     * @param factory a Lettuce connection factory, started or not
     * @param guard the guard to apply
     * @param <F> the factory's type, kept by the returned proxy
     * @return a proxy of the factory, of its concrete class; {@code factory} itself if it is guarded already
     * @throws IllegalArgumentException if the factory is of a client the starter cannot guard yet (Jedis)
     * @throws IllegalStateException if this version of Spring Data Redis does not have the connection providers the
     *     guard hooks into (the starter is built for Spring Data Redis 4.1)
     */
    @SuppressWarnings("unchecked")
    public static <F extends RedisConnectionFactory> F guard(F factory, RedisGuard guard) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(guard, "guard");
        if (isGuarded(factory)) {
            return factory;
        }
        if (!(factory instanceof LettuceConnectionFactory)) {
            throw new IllegalArgumentException(
                    "factory must be a LettuceConnectionFactory (Jedis factories are not guarded yet), but was "
                            + factory.getClass().getName());
        }
        Object target = AopProxyUtils.getSingletonTarget(factory);
        if (factory instanceof Advised && target instanceof LettuceConnectionFactory) {
            // Someone else's proxy: guard its target and put the guard's advice first in the chain.
            GuardedLettuceFactory advice = new GuardedLettuceFactory((LettuceConnectionFactory) target, guard);
            ((Advised) factory).addAdvice(0, advice);
            advice.install();
            return factory;
        }
        GuardedLettuceFactory advice = new GuardedLettuceFactory((LettuceConnectionFactory) factory, guard);
        ProxyFactory proxy = new ProxyFactory(factory);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice(advice);
        advice.install();
        return (F) proxy.getProxy(factory.getClass().getClassLoader());
    }

    /** Returns whether {@code factory} is a factory this class guarded. */
    static boolean isGuarded(Object factory) {
        if (factory instanceof Advised) {
            for (org.springframework.aop.Advisor advisor : ((Advised) factory).getAdvisors()) {
                if (advisor.getAdvice() instanceof GuardedLettuceFactory) {
                    return true;
                }
            }
        }
        return false;
    }
}
