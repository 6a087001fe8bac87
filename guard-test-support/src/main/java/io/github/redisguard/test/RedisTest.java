/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the annotated JUnit 5 test class one real Redis server, started before its first test and stopped after its
 * last, whether the tests pass or fail. Declare a {@link RedisServer} parameter on the constructor or on a
 * {@code @BeforeAll}, {@code @BeforeEach}, {@code @Test} or {@code @AfterEach} method to get it.
 *
 * <p>{@code @Nested} classes share the server of the enclosing class, unless they carry their own
 * {@code @RedisTest}. Where the server comes from is described at {@link RedisServer}; when there is none the
 * class fails with a message that says how to get one (it is never skipped).
 *
 * @see RedisServerExtension
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RedisServerExtension.class)
public @interface RedisTest {

    /** The server's {@code maxmemory}, such as {@code "2mb"}; empty keeps the server's setting. */
    String maxmemory() default "";

    /** The server's {@code maxmemory-policy}, such as {@code "allkeys-lru"}; empty keeps the server's setting. */
    String maxmemoryPolicy() default "";

    /**
     * Extra {@code redis-server} arguments, one command-line word per element, such as
     * {@code {"--enable-debug-command", "local"}}; see {@link RedisServerOptions.Builder#extraArgs(java.util.List)}.
     */
    String[] args() default {};
}
