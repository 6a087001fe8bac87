/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Startup failures of a local server, with shell scripts standing in for {@code redis-server}: no Redis needed.
 */
class LocalRedisProcessTest {

    @TempDir
    Path directory;

    @Test
    void start_processExitsEarly_failsWithExitCodeAndConsoleTail() throws Exception {
        Path binary = script("fake-exit", "echo \"*** FATAL CONFIG FILE ERROR ***\"\necho \"args: $*\"\nexit 3\n");

        assertThatThrownBy(() -> LocalRedisProcess.start(binary, RedisServerOptions.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(
                        "redis-server exited with code 3 before answering PING; command: " + binary + " --port ")
                .hasMessageContaining(" --bind 127.0.0.1 --dir ")
                .hasMessageContaining(" --save '' --appendonly no --daemonize no --logfile ")
                .hasMessageContaining("--- last lines of ")
                .hasMessageContaining("*** FATAL CONFIG FILE ERROR ***");
    }

    @Test
    void start_serverNeverAnswers_failsAfterTimeoutWithLogTail() throws Exception {
        Path binary = script("fake-silent", "echo \"fake server starting\"\nexec sleep 60\n");
        RedisServerOptions options = RedisServerOptions.builder()
                .startupTimeout(Duration.ofMillis(300))
                .build();

        assertThatThrownBy(() -> LocalRedisProcess.start(binary, options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not answer PING within PT0.3S")
                .hasMessageContaining("fake server starting");
    }

    @Test
    void start_portTakenEveryTime_givesUpAfterFiveAttempts() throws Exception {
        Path binary = script(
                "fake-port-taken",
                "echo \"Warning: Could not create server TCP listening socket 127.0.0.1:$2: bind: Address already in"
                        + " use\"\nexit 1\n");

        assertThatThrownBy(() -> LocalRedisProcess.start(binary, RedisServerOptions.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("redis-server could not bind a free loopback port in 5 attempts")
                .cause()
                .hasMessageContaining("Address already in use");
    }

    @Test
    void start_extraArgs_reachTheCommandLineAfterTheFixedOnes() throws Exception {
        Path binary = script("fake-echo", "echo \"argv: $*\"\nexit 1\n");
        RedisServerOptions options = RedisServerOptions.builder()
                .maxmemory("2mb")
                .maxmemoryPolicy("allkeys-lru")
                .extraArgs("--user", "alice", "on", ">pw", "~*", "+@all", "-info")
                .build();

        assertThatThrownBy(() -> LocalRedisProcess.start(binary, options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--logfile ")
                .hasMessageMatching("(?s).*argv: --port \\d+ --bind 127\\.0\\.0\\.1 --dir \\S+ --save  --appendonly no"
                        + " --daemonize no --logfile \\S+redis\\.log --maxmemory 2mb --maxmemory-policy allkeys-lru"
                        + " --user alice on >pw ~\\* \\+@all -info(\\R.*)?");
    }

    private Path script(String name, String body) throws Exception {
        Path script = Files.writeString(directory.resolve(name), "#!/bin/sh\n" + body);
        assertThat(script.toFile().setExecutable(true)).isTrue();
        return script;
    }
}
