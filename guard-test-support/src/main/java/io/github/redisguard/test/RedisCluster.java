/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Redis Cluster of N masters for tests, each a {@link RedisServer} started from a local {@code redis-server} with
 * {@code cluster-enabled yes}: the 16384 slots split evenly in order ({@code CLUSTER ADDSLOTSRANGE}), the nodes
 * introduced to the first one ({@code CLUSTER MEET}), and {@link #start(int, RedisServerOptions)} returns once every
 * node reports {@code cluster_state:ok} and knows every other (about a second locally). No replicas.
 *
 * <p>Needs a local binary ({@link RedisServer.Source#LOCAL_BINARY}): {@value RedisServer#REDIS_URL} and containers
 * cannot give a cluster. Thread-safe as {@link RedisServer} is.
 */
public final class RedisCluster implements AutoCloseable {

    /** How long {@link #start} waits for the cluster to agree. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static final int SLOTS = 16384;

    private final List<RedisServer> masters;

    private RedisCluster(List<RedisServer> masters) {
        this.masters = Collections.unmodifiableList(masters);
    }

    /** Starts a cluster of {@code masters} masters with default options; see {@link #start(int, RedisServerOptions)}. */
    public static RedisCluster start(int masters) {
        return start(masters, RedisServerOptions.defaults());
    }

    /**
     * Starts a cluster of {@code masters} masters, each started with {@code options} plus the cluster arguments.
     *
     * @throws IllegalArgumentException if {@code masters} is below 1 or above 16
     * @throws IllegalStateException if no local {@code redis-server} is available, or the cluster does not reach
     *     {@code cluster_state:ok} within {@link #READY_TIMEOUT}
     */
    public static RedisCluster start(int masters, RedisServerOptions options) {
        Objects.requireNonNull(options, "options");
        if (masters < 1 || masters > 16) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "masters must be between 1 and 16, but was %d", masters));
        }
        List<String> args = new ArrayList<>(options.extraArgs());
        args.addAll(List.of(
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"));
        RedisServerOptions.Builder builder =
                RedisServerOptions.builder().extraArgs(args).startupTimeout(options.startupTimeout());
        options.maxmemory().ifPresent(builder::maxmemory);
        options.maxmemoryPolicy().ifPresent(builder::maxmemoryPolicy);
        RedisServerOptions clusterOptions = builder.build();
        List<RedisServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                RedisServer server = RedisServer.start(clusterOptions);
                servers.add(server);
                if (server.source() != RedisServer.Source.LOCAL_BINARY) {
                    throw new IllegalStateException("a cluster needs a locally started redis-server, but the source"
                            + " was " + server.source() + System.lineSeparator() + RedisServer.HOW_TO_GET_ONE);
                }
            }
            for (int i = 0; i < masters; i++) {
                int first = i * SLOTS / masters;
                int last = (i + 1) * SLOTS / masters - 1;
                servers.get(i).call("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last));
            }
            RedisServer seed = servers.get(0);
            for (int i = 1; i < masters; i++) {
                servers.get(i).call("CLUSTER", "MEET", seed.host(), Integer.toString(seed.port()));
            }
            awaitReady(servers);
            return new RedisCluster(servers);
        } catch (RuntimeException e) {
            for (RedisServer server : servers) {
                server.close();
            }
            throw e;
        }
    }

    private static void awaitReady(List<RedisServer> servers) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            boolean ready = true;
            for (RedisServer server : servers) {
                last = String.valueOf(server.call("CLUSTER", "INFO"));
                if (!last.contains("cluster_state:ok")
                        || !last.contains("cluster_known_nodes:" + servers.size() + "\r")) {
                    ready = false;
                    break;
                }
            }
            if (ready) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cluster", e);
            }
        }
        throw new IllegalStateException(
                "the cluster did not reach cluster_state:ok within " + READY_TIMEOUT + "; last CLUSTER INFO: " + last);
    }

    /** Returns the masters, in slot order (the first holds slot 0). */
    public List<RedisServer> masters() {
        return masters;
    }

    /** Returns the master that holds {@code key}'s slot, as {@code CLUSTER KEYSLOT} computes it. */
    public RedisServer masterOf(String key) {
        long slot = (Long) Objects.requireNonNull(masters.get(0).call("CLUSTER", "KEYSLOT", key));
        for (int i = masters.size() - 1; i > 0; i--) {
            if (slot >= (long) i * SLOTS / masters.size()) {
                return masters.get(i);
            }
        }
        return masters.get(0);
    }

    /** Flushes every master. */
    public void flushAll() {
        for (RedisServer server : masters) {
            server.flushAll();
        }
    }

    /** Stops every node. */
    @Override
    public void close() {
        for (RedisServer server : masters) {
            server.close();
        }
    }
}
