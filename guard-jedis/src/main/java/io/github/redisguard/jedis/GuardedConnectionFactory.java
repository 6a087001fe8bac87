/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/** Makes the pool's connections guarded ones; validation, passivation and destruction stay Jedis's. */
final class GuardedConnectionFactory extends ConnectionFactory {

    private final HostAndPort hostAndPort;

    private final JedisClientConfig config;

    private final CommandInterceptor interceptor;

    GuardedConnectionFactory(HostAndPort hostAndPort, JedisClientConfig config, CommandInterceptor interceptor) {
        super(hostAndPort, config);
        this.hostAndPort = hostAndPort;
        this.config = config;
        this.interceptor = interceptor;
    }

    @Override
    public PooledObject<Connection> makeObject() {
        return new DefaultPooledObject<>(new GuardedConnection(hostAndPort, config, interceptor));
    }
}
