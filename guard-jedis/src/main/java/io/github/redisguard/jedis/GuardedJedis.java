/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ConnectionProvider;

/*
 * The guarded client: a UnifiedJedis over a pool of guarded connections (plain calls), whose pipelines and
 * transactions guard the commands they queue. Built with the one UnifiedJedis constructor that Jedis 7 and 8 share.
 */
final class GuardedJedis extends UnifiedJedis {

    private final CommandInterceptor interceptor;

    GuardedJedis(ConnectionProvider provider, RedisProtocol protocol, CommandInterceptor interceptor) {
        super(provider, protocol);
        this.interceptor = interceptor;
    }

    @Override
    public AbstractPipeline pipelined() {
        Connection connection = provider.getConnection();
        return new GuardedPipeline(new Pipeline(connection, true), commandObjects, interceptor, connection);
    }

    @Override
    public AbstractTransaction multi() {
        return transaction(true);
    }

    @Override
    public AbstractTransaction transaction(boolean doMulti) {
        Connection connection = provider.getConnection();
        return new GuardedTransaction(
                new Transaction(connection, doMulti, true), doMulti, commandObjects, interceptor, connection);
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            interceptor.close();
        }
    }

    @Override
    public String toString() {
        return "GuardedJedis[" + interceptor.node() + "]";
    }
}
