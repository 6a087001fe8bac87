/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The guarded {@code sync()} view: calls the same method of the guarded async view and waits, as Lettuce's own sync
 * view does (same timeouts, same "null inside MULTI"). One difference: a command the guard refused is already
 * failed when it returns, and its exception is thrown even inside MULTI, where Lettuce would return null.
 */
final class SyncInvocationHandler implements InvocationHandler {

    private final StatefulConnection<?, ?> connection;

    private final Object async;

    private final ConcurrentMap<Method, Method> methods = new ConcurrentHashMap<>();

    /** @param connection the guarded connection (standalone, or cluster: no MULTI there) */
    SyncInvocationHandler(StatefulConnection<?, ?> connection, Object async) {
        this.connection = connection;
        this.async = async;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return objectMethod(proxy, method, args);
        }
        Method target = methods.computeIfAbsent(method, this::asyncMethod);
        Object result;
        try {
            result = target.invoke(async, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
        if (!(result instanceof RedisFuture)) {
            return result;
        }
        RedisFuture<?> future = (RedisFuture<?>) result;
        if (!future.isDone()
                && !isTransactionControl(method.getName(), args)
                && connection instanceof StatefulRedisConnection
                && ((StatefulRedisConnection<?, ?>) connection).isMulti()) {
            return null;
        }
        return LettuceFutures.awaitOrCancel(future, timeoutNanos(future), TimeUnit.NANOSECONDS);
    }

    private Method asyncMethod(Method method) {
        try {
            return async.getClass().getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            throw new UnsupportedOperationException("the async view has no counterpart of " + method, e);
        }
    }

    private long timeoutNanos(RedisFuture<?> future) {
        TimeoutOptions options = connection.getOptions().getTimeoutOptions();
        TimeoutOptions.TimeoutSource source = options.getSource();
        if (source != null
                && options.isTimeoutCommands()
                && !options.isApplyConnectionTimeout()
                && future instanceof RedisCommand) {
            long timeout = source.getTimeUnit().toNanos(source.getTimeout((RedisCommand<?, ?, ?>) future));
            if (timeout >= 0) {
                return timeout;
            }
        }
        return connection.getTimeout().toNanos();
    }

    private static boolean isTransactionControl(String name, Object[] args) {
        if (name.equals("exec") || name.equals("multi") || name.equals("discard") || name.equals("watch")) {
            return true;
        }
        if (name.equals("dispatch") && args != null && args.length > 0 && args[0] instanceof ProtocolKeyword) {
            String keyword = args[0].toString();
            return keyword.equals("MULTI") || keyword.equals("EXEC") || keyword.equals("DISCARD");
        }
        return false;
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "Guarded" + async.getClass().getSimpleName().replace("Async", "Sync");
        }
    }
}
