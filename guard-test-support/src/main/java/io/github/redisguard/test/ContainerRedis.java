/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A Redis server in a Testcontainers container. The only class that names Testcontainers types: the dependency is
 * optional, and this class is loaded only after {@link RedisServer} found Testcontainers on the class path.
 */
final class ContainerRedis implements ServerHandle {

    static final String IMAGE = "redis:7.0";

    private static final int REDIS_PORT = 6379;

    private final GenericContainer<?> container;

    private final String host;

    private final int port;

    private ContainerRedis(GenericContainer<?> container) {
        this.container = container;
        this.host = container.getHost();
        this.port = container.getMappedPort(REDIS_PORT);
    }

    /** Whether a Docker engine answers; false on any failure to find out. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts a container running {@code redis-server} with the options' arguments; waits until it is ready. */
    static ServerHandle start(RedisServerOptions options) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no"));
        command.addAll(options.serverArgs());
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withExposedPorts(REDIS_PORT)
                .withCommand(command.toArray(new String[0]))
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1))
                .withStartupTimeout(options.startupTimeout());
        try {
            container.start();
        } catch (RuntimeException e) {
            String logs;
            try {
                logs = container.getLogs();
            } catch (RuntimeException unavailable) {
                logs = "(unavailable: " + unavailable + ")";
            }
            container.stop();
            throw new IllegalStateException(
                    "the " + IMAGE + " container did not start; its log:" + System.lineSeparator() + logs, e);
        }
        return new ContainerRedis(container);
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return IMAGE + " container " + container.getContainerId();
    }
}
