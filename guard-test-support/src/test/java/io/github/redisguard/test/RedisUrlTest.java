/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUrlTest {

    @Test
    void parse_hostAndPort() {
        RedisUrl url = RedisUrl.parse("redis://10.0.0.5:6380");

        assertThat(url.host()).isEqualTo("10.0.0.5");
        assertThat(url.port()).isEqualTo(6380);
        assertThat(url.user()).isNull();
        assertThat(url.password()).isNull();
        assertThat(url.database()).isZero();
        assertThat(url.text()).isEqualTo("redis://10.0.0.5:6380");
    }

    @Test
    void parse_noPort_isDefaultPort() {
        assertThat(RedisUrl.parse("redis://localhost").port()).isEqualTo(6379);
        assertThat(RedisUrl.parse("redis://localhost/").database()).isZero();
    }

    @Test
    void parse_userPasswordAndDatabase() {
        RedisUrl url = RedisUrl.parse("redis://alice:p%40ss:w@localhost:6379/3");

        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.password()).isEqualTo("p@ss:w");
        assertThat(url.database()).isEqualTo(3);
    }

    @Test
    void parse_passwordOnly_withOrWithoutColon() {
        assertThat(RedisUrl.parse("redis://:secret@localhost").password()).isEqualTo("secret");
        assertThat(RedisUrl.parse("redis://:secret@localhost").user()).isNull();
        assertThat(RedisUrl.parse("redis://secret@localhost").password()).isEqualTo("secret");
        assertThat(RedisUrl.parse("redis://secret@localhost").user()).isNull();
    }

    @Test
    void masked_hidesPasswordOnly() {
        assertThat(RedisUrl.parse("redis://alice:pw@localhost:6379/1").masked())
                .isEqualTo("redis://alice:***@localhost:6379/1");
        assertThat(RedisUrl.parse("redis://pw@localhost").masked()).isEqualTo("redis://***@localhost");
        assertThat(RedisUrl.parse("redis://localhost").masked()).isEqualTo("redis://localhost");
        assertThat(RedisUrl.parse("redis://alice:pw@localhost").toString()).doesNotContain("pw@");
    }

    @Test
    void parse_wrongScheme_fails() {
        assertThatThrownBy(() -> RedisUrl.parse("rediss://localhost:6379"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("REDIS_URL must start with redis:// (TLS through rediss:// is not supported), but was"
                        + " 'rediss://localhost:6379'");
    }

    @Test
    void parse_noHost_fails() {
        assertThatThrownBy(() -> RedisUrl.parse("redis:///0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("REDIS_URL must name a host, as in redis://[user:password@]host[:port][/db], but was"
                        + " 'redis:///0'");
    }

    @Test
    void parse_badDatabase_fails() {
        assertThatThrownBy(() -> RedisUrl.parse("redis://localhost/x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("REDIS_URL must end with a database number such as /0, if any, but was"
                        + " 'redis://localhost/x'");
    }

    @Test
    void parse_notAUri_fails() {
        assertThatThrownBy(() -> RedisUrl.parse("redis://local host"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("REDIS_URL must look like redis://[user:password@]host[:port][/db], but was"
                        + " 'redis://local host'");
    }
}
