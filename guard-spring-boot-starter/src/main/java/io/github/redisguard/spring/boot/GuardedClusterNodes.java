/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spring.boot;

import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.connection.ClusterNodeResourceProvider;
import org.springframework.data.redis.connection.ClusterTopologyProvider;
import org.springframework.data.redis.connection.RedisClusterNode;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.commands.ProtocolCommand;

/*
 * The node connections of a guarded Jedis cluster factory, for Spring's ClusterCommandExecutor (commands Spring runs
 * on a given node: keyless and broadcast server commands, multi-key commands split by node, raw execute(...)). Like
 * Spring's own provider it borrows from the cluster client's getClusterNodes() pools, which JedisGuard.cluster fills
 * with guarded connections, and wraps the connection in a Jedis. One difference: Jedis.sendCommand writes to the
 * socket directly, past Connection.executeCommand where the guard sits, and Spring's raw execute(command, ...) on a
 * cluster connection calls it; here it goes through executeCommand as UnifiedJedis.sendCommand does, so a raw SET is
 * guarded (TTL policy, size guard, compression, that node's breaker) like any other write.
 */
@SuppressWarnings("deprecation") // JedisCluster, what JedisGuard.cluster returns on Jedis 7.4 and 8.0 alike
final class GuardedClusterNodes implements ClusterNodeResourceProvider {

    private final JedisCluster cluster;

    private final ClusterTopologyProvider topology;

    GuardedClusterNodes(JedisCluster cluster, ClusterTopologyProvider topology) {
        this.cluster = cluster;
        this.topology = topology;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> S getResourceForSpecificNode(RedisClusterNode node) {
        RedisClusterNode member =
                node.hasValidHost() ? node : topology.getTopology().lookup(node);
        Map<String, ConnectionPool> pools = cluster.getClusterNodes();
        ConnectionPool pool = pools.get(member.getHost() + ":" + member.getPort());
        if (pool == null) {
            throw new DataAccessResourceFailureException("Node %s is unknown to cluster".formatted(node));
        }
        return (S) new NodeJedis(pool.getResource());
    }

    @Override
    public void returnResourceForSpecificNode(RedisClusterNode node, Object resource) {
        ((Jedis) resource).close(); // back to its pool
    }

    /** A Jedis whose raw sendCommand passes through the (guarded) connection's executeCommand. */
    static final class NodeJedis extends Jedis {

        NodeJedis(Connection connection) {
            super(connection);
        }

        @Override
        public Object sendCommand(ProtocolCommand cmd, byte[]... args) {
            return getConnection()
                    .executeCommand(new CommandObject<>(
                            new CommandArguments(cmd).addObjects((Object[]) args), BuilderFactory.RAW_OBJECT));
        }

        @Override
        public Object sendCommand(ProtocolCommand cmd, String... args) {
            return getConnection()
                    .executeCommand(new CommandObject<>(
                            new CommandArguments(cmd).addObjects((Object[]) args), BuilderFactory.RAW_OBJECT));
        }
    }
}
