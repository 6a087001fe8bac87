/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * The advice {@link SpringRedisGuard} puts on a connection factory's class-based proxy, one subclass per client
 * library ({@link GuardedLettuceFactory}, {@link GuardedJedisFactory}). It follows the factory's lifecycle through the
 * proxy: after each {@code start()} (and {@code afterPropertiesSet()}, which starts it early) it puts the guard
 * between the factory and its client; before a connection is handed out it checks that the guard is there (a start
 * that did not pass through the proxy); before {@code stop}/{@code destroy} it lets the subclass release what it holds.
 */
abstract class FactoryAdvice implements MethodInterceptor {

    @Override
    public final @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        String name = invocation.getMethod().getName();
        boolean noArgs = invocation.getMethod().getParameterCount() == 0;
        if (noArgs && name.startsWith("get") && name.endsWith("Connection") && !guarded()) {
            install(); // covers a start() that did not pass through the proxy
        }
        if (name.equals("stop") || (noArgs && name.equals("destroy"))) { // stop(Runnable) too
            stopping();
        }
        Object result = invocation.proceed();
        if (noArgs && (name.equals("start") || name.equals("afterPropertiesSet"))) {
            install();
        }
        return result;
    }

    /** The per-connection check, without a lock: templates ask for a connection on every operation. */
    abstract boolean guarded();

    /** Puts the guard in place if the factory is started and the guard is not there yet; thread-safe. */
    abstract void install();

    /** Called before the factory stops or is destroyed; releases what the advice holds. Nothing by default. */
    void stopping() {}

    /**
     * Opens a private field of a Spring Data Redis factory class, checked when the advice class loads.
     *
     * @throws IllegalStateException naming the Spring Data Redis version the starter is built for, if it is gone
     */
    static Field privateField(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw missing(type, "field '" + name + "'", e);
        }
    }

    /**
     * Opens a non-public method of a Spring Data Redis factory class, checked when the advice class loads.
     *
     * @throws IllegalStateException naming the Spring Data Redis version the starter is built for, if it is gone
     */
    static Method declaredMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            Method method = type.getDeclaredMethod(name, parameters);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException | RuntimeException e) {
            throw missing(type, "method '" + name + "'", e);
        }
    }

    private static IllegalStateException missing(Class<?> type, String member, Exception cause) {
        return new IllegalStateException(
                "Redis Guard cannot guard " + type.getSimpleName() + " of this Spring Data Redis version: it has no "
                        + member + " (the starter is built for Spring Data Redis 4.1). Use Spring Data Redis 4.1, or"
                        + " set redis-guard.enabled=false.",
                cause);
    }

    static @Nullable Object read(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Field field, Object target, @Nullable Object value) {
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
