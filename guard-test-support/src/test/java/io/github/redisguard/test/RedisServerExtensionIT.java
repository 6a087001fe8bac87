/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link RedisTest}: one server per class, injected everywhere, shared with {@code @Nested} classes. */
@RedisTest(
        maxmemory = "2mb",
        maxmemoryPolicy = "allkeys-lru",
        args = {"--enable-debug-command", "local"})
class RedisServerExtensionIT {

    private static RedisServer fromBeforeAll;

    private final RedisServer fromConstructor;

    RedisServerExtensionIT(RedisServer server) {
        this.fromConstructor = server;
    }

    @BeforeAll
    static void rememberServer(RedisServer server) {
        fromBeforeAll = server;
    }

    /** Also runs before the tests of the {@code @Nested} classes, with their server. */
    @BeforeEach
    void startEmpty(RedisServer server) {
        server.flushAll();
    }

    @AfterEach
    void serverStillUp(RedisServer server) {
        assertThat(server.call("PING")).isEqualTo("PONG");
    }

    @AfterAll
    static void serverStillUpInAfterAll(RedisServer server) {
        assertThat(server).isSameAs(fromBeforeAll);
        assertThat(server.call("PING")).isEqualTo("PONG");
    }

    @Test
    void parameter_inConstructorBeforeAllAndTest_isOneServer(RedisServer server) {
        assertThat(server).isSameAs(fromConstructor).isSameAs(fromBeforeAll);
        assertThat(server.call("PING")).isEqualTo("PONG");
    }

    @Test
    void annotation_settings_reachTheServer(RedisServer server) {
        assertThat(server.configGet("maxmemory")).isEqualTo("2097152");
        assertThat(server.configGet("maxmemory-policy")).isEqualTo("allkeys-lru");
        assertThat(server.call("DEBUG", "SLEEP", "0")).isEqualTo("OK");
    }

    @Test
    void server_eachTest_startsFlushed(RedisServer server) {
        assertThat(server.dbSize()).isZero();
        server.call("SET", "written-by", "server_eachTest_startsFlushed");
    }

    @Nested
    class WithoutOwnAnnotation {

        private final RedisServer fromNestedConstructor;

        WithoutOwnAnnotation(RedisServer server) {
            this.fromNestedConstructor = server;
        }

        @Test
        void nested_reusesEnclosingServer(RedisServer server) {
            assertThat(server).isSameAs(fromBeforeAll).isSameAs(fromNestedConstructor);
            assertThat(server.call("PING")).isEqualTo("PONG");
        }
    }

    @Nested
    @RedisTest(maxmemoryPolicy = "noeviction")
    class WithOwnAnnotation {

        @Test
        void nested_getsItsOwnServer(RedisServer server) {
            assertThat(server).isNotSameAs(fromBeforeAll);
            assertThat(server.port()).isNotEqualTo(fromBeforeAll.port());
            assertThat(server.configGet("maxmemory-policy")).isEqualTo("noeviction");
        }
    }
}
