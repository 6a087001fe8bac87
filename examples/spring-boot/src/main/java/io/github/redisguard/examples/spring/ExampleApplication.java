/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

/**
 * A shop front: product pages cached with {@code @Cacheable}, carts kept in Redis hashes through
 * {@code StringRedisTemplate}, HTTP sessions in Redis. No line of it knows about Redis Guard: the starter and
 * {@code application.yml} guard every write.
 */
@SpringBootApplication
@EnableCaching
@EnableRedisHttpSession
public class ExampleApplication {

    /** Starts the application. */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
