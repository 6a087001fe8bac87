/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which source {@link RedisServer#start(RedisServerOptions)} picks, for the paths that need no server. */
class RedisServerSourceTest {

    @Test
    void start_noUrlNoBinaryNoContainers_failsSayingHowToGetOne(@TempDir Path emptyDirectory) {
        Environment environment = Environment.of(Map.of("PATH", emptyDirectory.toString()));

        assertThatThrownBy(() -> RedisServer.start(RedisServerOptions.defaults(), environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Redis server for tests: REDIS_URL is not set, no redis-server executable is"
                        + " on the PATH (" + emptyDirectory + "), and Testcontainers was not tried.")
                .hasMessageContaining("set REDIS_URL to a disposable server")
                .hasMessageContaining("sudo apt-get install -y redis-server")
                .hasMessageContaining("brew install redis")
                .hasMessageContaining("run a Docker engine");
    }

    @Test
    void start_binaryOverrideNamesMissingFile_failsNamingTheSetting(@TempDir Path directory) {
        Path missing = directory.resolve("no-such-redis-server");
        Environment environment =
                Environment.of(Map.of(RedisServer.REDIS_SERVER_BINARY, missing.toString(), "PATH", "/usr/bin"));

        assertThatThrownBy(() -> RedisServer.start(RedisServerOptions.defaults(), environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "REDIS_SERVER_BINARY must name an executable redis-server file, but was '" + missing + "'")
                .hasMessageContaining("sudo apt-get install -y redis-server");
    }

    @Test
    void findBinary_searchesPathEntriesInOrder_skippingNonExecutables(@TempDir Path directory) throws Exception {
        Path first = Files.createDirectories(directory.resolve("first"));
        Path second = Files.createDirectories(directory.resolve("second"));
        Path third = Files.createDirectories(directory.resolve("third"));
        Files.writeString(first.resolve("redis-server"), "not executable");
        Path wanted = Files.writeString(second.resolve("redis-server"), "#!/bin/sh\n");
        assertThat(wanted.toFile().setExecutable(true)).isTrue();
        Path later = Files.writeString(third.resolve("redis-server"), "#!/bin/sh\n");
        assertThat(later.toFile().setExecutable(true)).isTrue();
        String path =
                String.join(java.io.File.pathSeparator, "", first.toString(), second.toString(), third.toString());

        assertThat(RedisServer.findBinary(Environment.of(Map.of("PATH", path)))).isEqualTo(wanted);
        assertThat(RedisServer.findBinary(Environment.of(Map.of()))).isNull();
    }

    @Test
    void findBinary_systemPropertyOverride_winsOverVariable(@TempDir Path directory) throws Exception {
        Path binary = Files.writeString(directory.resolve("my-redis"), "#!/bin/sh\n");
        assertThat(binary.toFile().setExecutable(true)).isTrue();
        Environment environment = new Environment(
                Map.of(RedisServer.REDIS_SERVER_BINARY, "/nowhere/redis-server")::get,
                Map.of(RedisServer.REDIS_SERVER_BINARY, binary.toString())::get,
                false);

        assertThat(RedisServer.findBinary(environment)).isEqualTo(binary.toAbsolutePath());
    }

    @Test
    void start_urlWithExtraArgs_failsBeforeConnecting() {
        Environment environment = Environment.of(Map.of(RedisServer.REDIS_URL, "redis://127.0.0.1:1"));
        RedisServerOptions options = RedisServerOptions.builder()
                .extraArgs("--enable-debug-command", "local")
                .build();

        assertThatThrownBy(() -> RedisServer.start(options, environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("extraArgs must be empty when REDIS_URL is set (they need a locally started redis-server:"
                        + " unset REDIS_URL or drop them), but was [--enable-debug-command, local]");
    }

    @Test
    void start_malformedUrl_failsNamingTheSetting() {
        Environment environment = Environment.of(Map.of(RedisServer.REDIS_URL, "http://u:secret@host:6379"));

        assertThatThrownBy(() -> RedisServer.start(RedisServerOptions.defaults(), environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("REDIS_URL must start with redis:// (TLS through rediss:// is not supported), but was"
                        + " 'http://u:***@host:6379'");
    }

    @Test
    void start_urlOfServerThatDoesNotAnswer_failsNamingTheUrl() throws Exception {
        int port = LocalRedisProcess.freePort();
        Environment environment =
                Environment.of(Map.of(RedisServer.REDIS_URL, "redis://:secret@127.0.0.1:" + port + "/0"));

        assertThatThrownBy(() -> RedisServer.start(RedisServerOptions.defaults(), environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the server at REDIS_URL=redis://:***@127.0.0.1:" + port
                        + "/0 cannot be used: cannot connect to EXTERNAL")
                .hasMessageNotContaining("secret");
    }

    @Test
    void start_blankUrl_countsAsUnset(@TempDir Path emptyDirectory) {
        Environment environment =
                Environment.of(Map.of(RedisServer.REDIS_URL, "  ", "PATH", emptyDirectory.toString()));

        assertThatThrownBy(() -> RedisServer.start(RedisServerOptions.defaults(), environment))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No Redis server for tests");
    }

    /**
     * Testcontainers is an optional dependency: with it absent, source selection must report the missing server,
     * not fail with NoClassDefFoundError. The classes are loaded from this module's output by a class loader that
     * cannot see Testcontainers.
     */
    @Test
    void start_withoutTestcontainersOnClassPath_failsWithInstallMessage(@TempDir Path emptyDirectory) throws Exception {
        URL classes = RedisServer.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> isolated.loadClass("org.testcontainers.DockerClientFactory"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> serverClass = isolated.loadClass(RedisServer.class.getName());
            Class<?> environmentClass = isolated.loadClass(Environment.class.getName());
            Class<?> optionsClass = isolated.loadClass(RedisServerOptions.class.getName());
            Object options = optionsClass.getMethod("defaults").invoke(null);
            Method of = environmentClass.getDeclaredMethod("of", Map.class);
            of.setAccessible(true);
            Object environment = of.invoke(null, Map.of("PATH", emptyDirectory.toString()));
            Method withContainers = environmentClass.getDeclaredMethod("withContainers");
            withContainers.setAccessible(true);
            environment = withContainers.invoke(environment);
            Method start = serverClass.getDeclaredMethod("start", optionsClass, environmentClass);
            start.setAccessible(true);

            Object[] arguments = {options, environment};
            assertThatThrownBy(() -> start.invoke(null, arguments))
                    .isInstanceOf(InvocationTargetException.class)
                    .cause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Testcontainers is not on the class path")
                    .hasMessageContaining("sudo apt-get install -y redis-server");
        }
    }
}
