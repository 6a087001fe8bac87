/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.lettuce.core.cluster.RedisAdvancedClusterAsyncCommandsImpl;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.AsyncNodeSelection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.ConnectionIntent;
import java.util.function.Predicate;

/**
 * Lettuce's cluster async view over the guarded cluster connection, except for node selections ({@code masters()},
 * {@code replicas()}, {@code all()}, {@code nodes(...)}, {@code readonly(...)}, and the same through {@code sync()}):
 * Lettuce builds them on its own connection class and its node connections, which would throw a
 * {@code ClassCastException} here or run unguarded. They fail with a message that says what to use instead.
 */
final class GuardedClusterAsyncCommands<K, V> extends RedisAdvancedClusterAsyncCommandsImpl<K, V> {

    static final String NODE_SELECTION_REFUSED =
            "node selections (upstream(), masters(), replicas(), all(), nodes(...),"
                    + " readonly(...)) are not supported on a guarded cluster connection: they would run unguarded; use"
                    + " getConnection(nodeId) or getConnection(host, port), which hand back that node's connection guarded";

    GuardedClusterAsyncCommands(StatefulRedisClusterConnection<K, V> connection) {
        super(connection, connection.getCodec(), connection.getOptions().getJsonParser());
    }

    @Override
    protected AsyncNodeSelection<K, V> nodes(
            Predicate<RedisClusterNode> predicate, ConnectionIntent connectionIntent, boolean dynamic) {
        throw new UnsupportedOperationException(NODE_SELECTION_REFUSED);
    }
}
