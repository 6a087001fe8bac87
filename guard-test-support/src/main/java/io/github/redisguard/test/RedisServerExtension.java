/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link RedisTest}: one {@link RedisServer} per test class, injectable as a parameter.
 *
 * <p>The server is started in {@code beforeAll} (or earlier, when a {@code PER_CLASS} test instance asks for it in
 * its constructor) with the options of the nearest {@link RedisTest} on the test class or an enclosing class
 * (defaults when the extension is registered without one). It is kept in the class's {@link ExtensionContext.Store},
 * so JUnit closes it when the class finishes, and it is closed again (harmlessly) in {@code afterAll}: it is stopped
 * whether tests, {@code @BeforeAll} or {@code @AfterAll} methods fail. If no server can be had, {@code beforeAll}
 * fails with the message of {@link RedisServer#start(RedisServerOptions)}, so every test of the class fails.
 *
 * <p>Stateless and thread-safe; the store makes concurrent requests for the same class share one server.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final Namespace NAMESPACE = Namespace.create(RedisServerExtension.class);

    /** Creates the extension; JUnit calls this through {@link RedisTest} or {@code @ExtendWith}. */
    public RedisServerExtension() {}

    /** Starts the server of the test class, unless an enclosing class's server serves it. */
    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    /** Stops the server if this class started it (JUnit's store would also do so right after). */
    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        if (owner == context) {
            RedisServer server = owner.getStore(NAMESPACE).get(owner.getRequiredTestClass(), RedisServer.class);
            if (server != null) {
                server.close();
            }
        }
    }

    /** Supports parameters of type {@link RedisServer}. */
    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisServer.class;
    }

    /** Returns the test class's server, starting it if needed. */
    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    private static RedisServer server(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        Class<?> ownerClass = owner.getRequiredTestClass();
        RedisServerOptions options = options(ownerClass);
        return owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent(ownerClass, key -> RedisServer.start(options), RedisServer.class);
    }

    /**
     * The class-level context that owns the server: the innermost one whose class carries {@link RedisTest}, else
     * the outermost class.
     */
    private static ExtensionContext owner(ExtensionContext context) {
        @Nullable ExtensionContext outermost = null;
        for (Optional<ExtensionContext> current = Optional.of(context);
                current.isPresent();
                current = current.get().getParent()) {
            ExtensionContext candidate = current.get();
            boolean classLevel =
                    candidate.getElement().filter(Class.class::isInstance).isPresent()
                            && candidate.getTestClass().isPresent();
            if (classLevel) {
                if (AnnotationSupport.isAnnotated(candidate.getRequiredTestClass(), RedisTest.class)) {
                    return candidate;
                }
                outermost = candidate;
            }
        }
        if (outermost == null) {
            throw new ExtensionConfigurationException(
                    "RedisServerExtension must be used on a test class, but was used in " + context.getUniqueId());
        }
        return outermost;
    }

    private static RedisServerOptions options(Class<?> testClass) {
        Optional<RedisTest> annotation = AnnotationSupport.findAnnotation(testClass, RedisTest.class);
        if (annotation.isEmpty()) {
            return RedisServerOptions.defaults();
        }
        RedisTest redisTest = annotation.get();
        try {
            RedisServerOptions.Builder builder = RedisServerOptions.builder();
            if (!redisTest.maxmemory().isEmpty()) {
                builder.maxmemory(redisTest.maxmemory());
            }
            if (!redisTest.maxmemoryPolicy().isEmpty()) {
                builder.maxmemoryPolicy(redisTest.maxmemoryPolicy());
            }
            return builder.extraArgs(Arrays.asList(redisTest.args())).build();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(
                    "@RedisTest on " + testClass.getName() + " is invalid: " + e.getMessage(), e);
        }
    }
}
