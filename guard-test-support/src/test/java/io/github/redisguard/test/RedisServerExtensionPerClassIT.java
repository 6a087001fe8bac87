/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** With a {@code PER_CLASS} lifecycle the constructor asks for the server before {@code beforeAll} runs. */
@RedisTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisServerExtensionPerClassIT {

    private final RedisServer fromConstructor;

    private RedisServer fromBeforeAll;

    RedisServerExtensionPerClassIT(RedisServer server) {
        this.fromConstructor = server;
    }

    @BeforeAll
    void rememberServer(RedisServer server) {
        fromBeforeAll = server;
    }

    @Test
    void constructorAndMethods_shareOneServer(RedisServer server) {
        assertThat(server).isSameAs(fromConstructor).isSameAs(fromBeforeAll);
        assertThat(server.call("PING")).isEqualTo("PONG");
    }
}
