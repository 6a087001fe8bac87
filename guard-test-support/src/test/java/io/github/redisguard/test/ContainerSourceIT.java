/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Testcontainers source, reached by hiding {@code REDIS_URL} and the binary. Where a Docker engine answers, a
 * {@code redis:7.0} container is started and used; where none does, the failure names that and says how to get a
 * server.
 */
class ContainerSourceIT {

    @Test
    void start_withoutUrlOrBinary_usesContainerOrExplainsWhyNot(@TempDir Path emptyDirectory) {
        Environment environment =
                Environment.of(Map.of("PATH", emptyDirectory.toString())).withContainers();
        RedisServerOptions options = RedisServerOptions.builder()
                .maxmemory("2mb")
                .maxmemoryPolicy("allkeys-lru")
                .build();

        if (ContainerRedis.dockerAvailable()) {
            try (RedisServer server = RedisServer.start(options, environment)) {
                assertThat(server.source()).isEqualTo(RedisServer.Source.CONTAINER);
                assertThat(server.pid()).isEmpty();
                assertThat(server.call("PING")).isEqualTo("PONG");
                assertThat(server.configGet("maxmemory")).isEqualTo("2097152");
                assertThat(server.configGet("maxmemory-policy")).isEqualTo("allkeys-lru");
            }
        } else {
            assertThatThrownBy(() -> RedisServer.start(options, environment))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no Docker engine answers Testcontainers")
                    .hasMessageContaining("sudo apt-get install -y redis-server");
        }
    }
}
