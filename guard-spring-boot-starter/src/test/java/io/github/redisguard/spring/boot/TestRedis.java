/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The Redis a starter test context runs on, one server ({@link TestRedisServer}) or a cluster
 * ({@link TestRedisCluster}), as the shared scenarios see it: a command on a key goes to the server that holds it.
 */
final class TestRedis {

    private final RedisServer server;

    private final List<RedisServer> servers;

    private final Function<String, RedisServer> byKey;

    private TestRedis(RedisServer server, List<RedisServer> servers, Function<String, RedisServer> byKey) {
        this.server = server;
        this.servers = servers;
        this.byKey = byKey;
    }

    static TestRedis of(RedisServer server) {
        return new TestRedis(server, List.of(server), key -> server);
    }

    /** A cluster, whose {@link #server()} is its first master. */
    static TestRedis of(RedisCluster cluster) {
        return new TestRedis(cluster.masters().get(0), cluster.masters(), cluster::masterOf);
    }

    /**
     * The standalone server; in a cluster, the first master, the one whose memory {@code test.redis.maxmemory}
     * limits.
     */
    RedisServer server() {
        return server;
    }

    /** The standalone server, or every master of the cluster. */
    List<RedisServer> servers() {
        return servers;
    }

    /** The standalone server's or every master's address, as {@code host:port}: a cluster factory's nodes. */
    List<String> addresses() {
        return servers.stream().map(s -> s.host() + ":" + s.port()).toList();
    }

    /** The server that holds {@code key}. */
    RedisServer serverOf(String key) {
        return byKey.apply(key);
    }

    /** Runs {@code command} on the server that holds its key, the first argument ({@code command[1]}). */
    @Nullable
    Object call(String... command) {
        return serverOf(command[1]).call(command);
    }

    void flushAll() {
        servers.forEach(RedisServer::flushAll);
    }
}
