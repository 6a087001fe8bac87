/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static io.github.redisguard.test.ServerAssertions.assertStopped;
import static io.github.redisguard.test.ServerAssertions.localOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link RedisServer} against real servers started from the local {@code redis-server} binary. */
class RedisServerIT {

    @Test
    void start_maxmemoryAndPolicy_areVisibleInConfigGet() {
        RedisServerOptions options = RedisServerOptions.builder()
                .maxmemory("2mb")
                .maxmemoryPolicy("allkeys-lru")
                .build();

        try (RedisServer server = RedisServer.start(options, localOnly())) {
            assertThat(server.source()).isEqualTo(RedisServer.Source.LOCAL_BINARY);
            assertThat(server.options()).isEqualTo(options);
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + server.port());
            assertThat(server.pid()).isPresent();
            assertThat(server.configGet("maxmemory")).isEqualTo("2097152");
            assertThat(server.configGet("maxmemory-policy")).isEqualTo("allkeys-lru");
            assertThat(server.info("memory")).containsEntry("maxmemory", "2097152");
            assertThat(server.configGet("save")).isEmpty();
            assertThat(server.configGet("appendonly")).isEqualTo("no");
            assertThat(server.configGet("bind")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void start_extraArgsEnableDebug_debugCommandRuns() {
        RedisServerOptions options = RedisServerOptions.builder()
                .extraArgs("--enable-debug-command", "local")
                .build();

        try (RedisServer server = RedisServer.start(options, localOnly())) {
            assertThat(server.call("DEBUG", "SLEEP", "0")).isEqualTo("OK");
            assertThat(server.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("OK");
        }
    }

    @Test
    void start_withoutDebugArgs_debugCommandIsRefused() {
        try (RedisServer server = RedisServer.start(RedisServerOptions.defaults(), localOnly())) {
            assertThatThrownBy(() -> server.call("DEBUG", "SLEEP", "0"))
                    .isInstanceOf(RedisErrorReply.class)
                    .hasMessageContaining("DEBUG command not allowed");
        }
    }

    @Test
    void start_aclUserArgs_createTheUser() throws Exception {
        RedisServerOptions options = RedisServerOptions.builder()
                .extraArgs("--user", "alice", "on", ">pw", "~*", "+@all", "-info")
                .build();

        try (RedisServer server = RedisServer.start(options, localOnly());
                RespConnection alice = RespConnection.open(
                        server.host(), server.port(), Duration.ofSeconds(2), Duration.ofSeconds(10))) {
            assertThat(alice.call("AUTH", "alice", "pw")).isEqualTo("OK");
            assertThat(alice.call("SET", "k", "v")).isEqualTo("OK");
            assertThatThrownBy(() -> alice.call("INFO"))
                    .isInstanceOf(RedisErrorReply.class)
                    .satisfies(e -> assertThat(((RedisErrorReply) e).code()).isEqualTo("NOPERM"));
            assertThat(server.call("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void call_repliesOfEveryType_andConveniences() {
        try (RedisServer server = RedisServer.start(RedisServerOptions.defaults(), localOnly())) {
            assertThat(server.call("PING")).isEqualTo("PONG");
            assertThat(server.call("SET", "greeting", "grüß dich")).isEqualTo("OK");
            assertThat(server.call("GET", "greeting")).isEqualTo("grüß dich");
            assertThat(server.call("GET", "missing")).isNull();
            assertThat(server.call("INCR", "counter")).isEqualTo(1L);
            assertThat(server.call("RPUSH", "list", "a", "b")).isEqualTo(2L);
            assertThat(server.call("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b"));
            assertThat(server.dbSize()).isEqualTo(3L);
            assertThat(server.usedMemory()).isPositive();
            assertThat(server.info("server")).containsEntry("redis_mode", "standalone");
            assertThat(server.configGet("no-such-parameter")).isNull();
            assertThat(server.calls("GET")).isEqualTo(2L);
            assertThat(server.calls("incr")).isEqualTo(1L);
            assertThat(server.calls("LPUSH")).as("never run").isZero();

            assertThatThrownBy(() -> server.call("NOSUCHCOMMAND"))
                    .isInstanceOf(RedisErrorReply.class)
                    .hasMessageStartingWith("ERR unknown command");
            assertThatThrownBy(() -> server.call("INCR", "greeting"))
                    .isInstanceOf(RedisErrorReply.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(server.call("PING"))
                    .as("connection usable after an error")
                    .isEqualTo("PONG");

            server.flushAll();
            assertThat(server.dbSize()).isZero();
        }
    }

    @Test
    void call_fromManyThreads_eachGetsItsOwnReply() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (RedisServer server = RedisServer.start(RedisServerOptions.defaults(), localOnly())) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int id = thread;
                results.add(pool.submit(() -> {
                    boolean allMatched = true;
                    for (int i = 0; i < 200; i++) {
                        String text = id + ":" + i;
                        allMatched &= text.equals(server.call("ECHO", text));
                        server.call("INCR", "counter");
                    }
                    return allMatched;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(server.call("GET", "counter")).isEqualTo("1600");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void restart_keepsPortAndOptions_answersPing_dataIsGone() {
        RedisServerOptions options = RedisServerOptions.builder()
                .maxmemory("2mb")
                .maxmemoryPolicy("allkeys-lru")
                .build();
        try (RedisServer server = RedisServer.start(options, localOnly())) {
            int port = server.port();
            long oldPid = server.pid().orElseThrow();
            server.call("SET", "k", "v");

            server.restart();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.uri()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(server.call("PING")).isEqualTo("PONG");
            assertThat(server.call("GET", "k")).isNull();
            assertThat(server.pid()).isPresent();
            assertThat(server.pid().getAsLong()).isNotEqualTo(oldPid);
            assertThat(ProcessHandle.of(oldPid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(server.configGet("maxmemory")).isEqualTo("2097152");
            assertThat(server.configGet("maxmemory-policy")).isEqualTo("allkeys-lru");

            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void close_stopsProcess_freesPort_deletesDirectory_andIsIdempotent() {
        RedisServer server = RedisServer.start(RedisServerOptions.defaults(), localOnly());
        Path directory = server.directory().orElseThrow();
        assertThat(directory).isDirectory();
        assertThat(directory.resolve(LocalRedisProcess.LOG_FILE)).isRegularFile();

        server.close();
        server.close();

        assertStopped(server);
        assertThat(server.toString()).endsWith(", closed]");
        assertThatThrownBy(server::restart)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(" is closed");
    }

    @Test
    void start_badArgument_failsWithRedisLogTail() {
        RedisServerOptions options = RedisServerOptions.builder()
                .extraArgs("--no-such-directive", "x")
                .build();

        assertThatThrownBy(() -> RedisServer.start(options, localOnly()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("redis-server exited with code 1 before answering PING")
                .hasMessageContaining("--no-such-directive x")
                .hasMessageContaining("Bad directive or wrong number of arguments");
    }

    @Test
    void start_redisUrl_usesExternalServer_flushesIt_appliesMemorySettings_andLeavesItRunning() {
        RedisServerOptions localOptions = RedisServerOptions.builder()
                .extraArgs("--user", "alice", "on", ">pw", "~*", "+@all")
                .build();
        try (RedisServer local = RedisServer.start(localOptions, localOnly())) {
            local.call("SET", "left-over", "1");
            String url = "redis://alice:pw@127.0.0.1:" + local.port() + "/2";
            RedisServerOptions options = RedisServerOptions.builder()
                    .maxmemory("3mb")
                    .maxmemoryPolicy("allkeys-lfu")
                    .build();

            RedisServer external = RedisServer.start(options, Environment.of(Map.of(RedisServer.REDIS_URL, url)));

            assertThat(external.source()).isEqualTo(RedisServer.Source.EXTERNAL);
            assertThat(external.uri()).isEqualTo(url);
            assertThat(external.host()).isEqualTo("127.0.0.1");
            assertThat(external.port()).isEqualTo(local.port());
            assertThat(external.pid()).isEmpty();
            assertThat(external.call("ACL", "WHOAMI")).isEqualTo("alice");
            assertThat((String) external.call("CLIENT", "INFO")).contains(" db=2 ");
            assertThat(local.dbSize()).as("flushed at start").isZero();
            assertThat(local.configGet("maxmemory")).isEqualTo("3145728");
            assertThat(local.configGet("maxmemory-policy")).isEqualTo("allkeys-lfu");
            assertThatThrownBy(external::restart)
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("restart() needs a locally started redis-server, but this server's source is EXTERNAL");
            assertThat(external.toString())
                    .contains("redis://alice:***@127.0.0.1:")
                    .doesNotContain("pw@");

            external.close();

            assertThatThrownBy(() -> external.call("PING")).isInstanceOf(IllegalStateException.class);
            assertThat(local.call("PING")).as("external server keeps running").isEqualTo("PONG");
        }
    }

    @Test
    void start_redisUrlWithWrongPassword_failsWithServerError() {
        try (RedisServer local = RedisServer.start(RedisServerOptions.defaults(), localOnly())) {
            String url = "redis://nobody:wrong@127.0.0.1:" + local.port();

            assertThatThrownBy(() ->
                            RedisServer.start(RedisServerOptions.defaults(), Environment.of(Map.of("REDIS_URL", url))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot be used: WRONGPASS")
                    .hasMessageNotContaining("wrong@");
        }
    }

    /** A server the program never closes is stopped by the JVM shutdown hook when the JVM exits. */
    @Test
    void forgottenServer_doesNotOutliveTheJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), ForgottenServerMain.class.getName())
                .redirectErrorStream(true)
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child JVM exits").isTrue();
        assertThat(child.exitValue()).as("child output %s", output).isZero();
        String pidLine = output.stream()
                .filter(line -> line.startsWith("pid="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no pid in child output " + output));
        String[] fields = pidLine.split(" ");
        long pid = Long.parseLong(fields[0].substring("pid=".length()));
        Path directory = Path.of(fields[1].substring("dir=".length()));

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("redis-server %d after its JVM exited", pid)
                .isEmpty();
        assertThat(directory).doesNotExist();
    }
}
