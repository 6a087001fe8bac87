/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.GuardException;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.scenarios.AdapterUnderTest;
import io.github.redisguard.scenarios.Flood;
import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.PipeliningBase;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.KeyValue;

/** Jedis as the shared scenarios drive it: raw {@code RedisClient} against {@link JedisGuard#pooled}. */
final class JedisAdapter implements AdapterUnderTest {

    static final JedisAdapter INSTANCE = new JedisAdapter();

    /** The Jedis version on the class path (the ITs run once per supported version). */
    static String version() {
        try (java.io.InputStream in =
                UnifiedJedis.class.getResourceAsStream("/META-INF/maven/redis.clients/jedis/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return "Jedis " + version();
    }

    static HostAndPort hostAndPort(RedisServer server) {
        return new HostAndPort(server.host(), server.port());
    }

    @Override
    public Client raw(RedisServer server) {
        return new JedisClient(RedisClient.create(hostAndPort(server)));
    }

    @Override
    public Client guarded(RedisServer server, RedisGuard guard) {
        return new JedisClient(JedisGuard.pooled(
                hostAndPort(server), DefaultJedisClientConfig.builder().build(), guard));
    }

    @Override
    @SuppressWarnings("deprecation") // JedisCluster: the raw cluster client Jedis 7.4 and 8.0 share
    public Client rawCluster(RedisCluster cluster) {
        return new JedisClusterClient(new redis.clients.jedis.JedisCluster(nodes(cluster), CONFIG));
    }

    @Override
    public Client guardedCluster(RedisCluster cluster, RedisGuard guard) {
        return new JedisClusterClient(JedisGuard.cluster(nodes(cluster), CONFIG, guard));
    }

    private static final DefaultJedisClientConfig CONFIG =
            DefaultJedisClientConfig.builder().build();

    /** The cluster's masters, as start nodes. */
    static Set<HostAndPort> nodes(RedisCluster cluster) {
        Set<HostAndPort> nodes = new HashSet<>();
        for (RedisServer master : cluster.masters()) {
            nodes.add(hostAndPort(master));
        }
        return nodes;
    }

    /** A cluster client: each command is routed by its first argument, the key ({@code sendCommand(sampleKey, ...)}). */
    static final class JedisClusterClient extends JedisClient {

        JedisClusterClient(UnifiedJedis jedis) {
            super(jedis);
        }

        @Override
        @SuppressWarnings("deprecation") // sendCommand(sampleKey, ...): the call by name both Jedis 7.4 and 8.0 route
        public @Nullable Object call(String command, Object... arguments) {
            byte[][] args = new byte[arguments.length][];
            for (int i = 0; i < arguments.length; i++) {
                args[i] = arguments[i] instanceof byte[] bytes
                        ? bytes
                        : String.valueOf(arguments[i]).getBytes(StandardCharsets.UTF_8);
            }
            byte[] name = command.getBytes(StandardCharsets.US_ASCII);
            return normalize(jedis.sendCommand(args[0], () -> name, args));
        }
    }

    static class JedisClient implements Client {

        final UnifiedJedis jedis;

        JedisClient(UnifiedJedis jedis) {
            this.jedis = jedis;
        }

        private static CommandObject<Object> command(String name, Object... arguments) {
            return new CommandObject<>(
                    new CommandArguments(() -> name.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .addObjects(arguments),
                    BuilderFactory.RAW_OBJECT);
        }

        @Override
        public @Nullable Object call(String command, Object... arguments) {
            return normalize(jedis.executeCommand(command(command, arguments)));
        }

        /** Queues each command; a refusal of the guard takes the command's place. */
        private static List<Object> queue(PipeliningBase pipeline, List<Command> commands) {
            List<Object> queued = new ArrayList<>();
            for (Command c : commands) {
                try {
                    queued.add(pipeline.executeCommand(command(c.name(), c.arguments())));
                } catch (GuardException e) {
                    queued.add(e);
                }
            }
            return queued;
        }

        private static List<@Nullable Object> replies(List<Object> queued) {
            List<@Nullable Object> replies = new ArrayList<>();
            for (Object q : queued) {
                if (q instanceof Response) {
                    try {
                        replies.add(normalize(((Response<?>) q).get()));
                    } catch (RuntimeException e) {
                        replies.add(e);
                    }
                } else {
                    replies.add(q);
                }
            }
            return replies;
        }

        @Override
        public List<@Nullable Object> pipelined(List<Command> commands) {
            try (AbstractPipeline pipeline = jedis.pipelined()) {
                List<Object> queued = queue(pipeline, commands);
                pipeline.sync();
                return replies(queued);
            }
        }

        @Override
        public List<@Nullable Object> transaction(List<Command> commands) {
            try (AbstractTransaction transaction = jedis.multi()) {
                List<Object> queued = queue(transaction, commands);
                transaction.exec();
                return replies(queued);
            }
        }

        /** Floods with the application's API ({@code pipeline.set}), {@code inFlight} writes per pipeline. */
        @Override
        public Flood flood(String prefix, int count, int size, int inFlight) {
            Flood flood = new Flood();
            String value = "v".repeat(size);
            for (int start = 0; start < count; start += inFlight) {
                List<Response<String>> responses = new ArrayList<>();
                try (AbstractPipeline pipeline = jedis.pipelined()) {
                    for (int i = start; i < Math.min(count, start + inFlight); i++) {
                        flood.attempted.incrementAndGet();
                        try {
                            responses.add(pipeline.set(prefix + i, value));
                        } catch (GuardException e) {
                            flood.count(e);
                        }
                    }
                    pipeline.sync();
                }
                for (Response<String> response : responses) {
                    try {
                        response.get();
                        flood.count(null);
                    } catch (RuntimeException e) {
                        flood.count(e);
                    }
                }
            }
            return flood;
        }

        @Override
        public void close() {
            jedis.close();
        }

        static @Nullable Object normalize(@Nullable Object reply) {
            if (reply instanceof List) {
                List<@Nullable Object> out = new ArrayList<>();
                for (Object element : (List<?>) reply) {
                    if (element instanceof KeyValue) {
                        out.add(normalize(((KeyValue<?, ?>) element).getKey()));
                        out.add(normalize(((KeyValue<?, ?>) element).getValue()));
                    } else {
                        out.add(normalize(element));
                    }
                }
                return out;
            }
            return reply;
        }
    }
}
