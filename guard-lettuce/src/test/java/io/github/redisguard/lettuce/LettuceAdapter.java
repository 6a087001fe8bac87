/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.RedisGuard;
import io.github.redisguard.scenarios.AdapterUnderTest;
import io.github.redisguard.scenarios.Flood;
import io.github.redisguard.test.RedisCluster;
import io.github.redisguard.test.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Lettuce as the shared scenarios drive it: commands by name through {@code dispatch} (the seam every Lettuce API
 * method goes through), pipelines with auto-flush off, transactions as async MULTI/EXEC.
 */
final class LettuceAdapter implements AdapterUnderTest {

    static final LettuceAdapter INSTANCE = new LettuceAdapter();

    @Override
    public String name() {
        return "Lettuce";
    }

    @Override
    public Client raw(RedisServer server) {
        RedisClient client = RedisClient.create(server.uri());
        return new LettuceClient(client, client.connect(ByteArrayCodec.INSTANCE));
    }

    @Override
    public Client guarded(RedisServer server, RedisGuard guard) {
        RedisClient client = RedisClient.create();
        return new LettuceClient(
                client, LettuceGuard.connect(client, RedisURI.create(server.uri()), ByteArrayCodec.INSTANCE, guard));
    }

    /** The arguments as bytes; the first one marked as the key when {@code keyFirst} (cluster routing). */
    static CommandArgs<byte[], byte[]> args(boolean keyFirst, Object... arguments) {
        CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
        for (int i = 0; i < arguments.length; i++) {
            byte[] bytes = arguments[i] instanceof byte[]
                    ? (byte[]) arguments[i]
                    : String.valueOf(arguments[i]).getBytes(StandardCharsets.UTF_8);
            if (i == 0 && keyFirst) {
                args.addKey(bytes);
            } else {
                args.add(bytes);
            }
        }
        return args;
    }

    static ProtocolKeyword type(String name) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return raw;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    /** Waits for a reply; the command's own exception is thrown as it is. */
    static @Nullable Object get(RedisFuture<Object> reply) {
        try {
            return reply.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Client rawCluster(RedisCluster cluster) {
        RedisClusterClient client = clusterClient(cluster);
        return new LettuceClusterClient(client, client.connect(ByteArrayCodec.INSTANCE));
    }

    @Override
    public Client guardedCluster(RedisCluster cluster, RedisGuard guard) {
        RedisClusterClient client = clusterClient(cluster);
        return new LettuceClusterClient(client, LettuceGuard.connect(client, ByteArrayCodec.INSTANCE, guard));
    }

    private static RedisClusterClient clusterClient(RedisCluster cluster) {
        RedisServer seed = cluster.masters().get(0);
        return RedisClusterClient.create(RedisURI.create(seed.host(), seed.port()));
    }

    /** A cluster connection: each command routed by its first argument, the key; {@code call} only. */
    static final class LettuceClusterClient implements Client {

        private final RedisClusterClient client;

        private final StatefulRedisClusterConnection<byte[], byte[]> connection;

        LettuceClusterClient(RedisClusterClient client, StatefulRedisClusterConnection<byte[], byte[]> connection) {
            this.client = client;
            this.connection = connection;
        }

        @Override
        public @Nullable Object call(String command, Object... arguments) {
            return get(connection.async().dispatch(type(command), new ReplyOutput(), args(true, arguments)));
        }

        @Override
        public List<@Nullable Object> pipelined(List<Command> commands) {
            throw new UnsupportedOperationException("the cluster scenarios send commands one at a time");
        }

        @Override
        public List<@Nullable Object> transaction(List<Command> commands) {
            throw new UnsupportedOperationException("Redis Cluster connections have no MULTI across nodes");
        }

        @Override
        public Flood flood(String prefix, int count, int size, int inFlight) {
            throw new UnsupportedOperationException("the cluster scenarios send commands one at a time");
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }
    }

    static final class LettuceClient implements Client {

        private final RedisClient client;

        private final StatefulRedisConnection<byte[], byte[]> connection;

        LettuceClient(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection) {
            this.client = client;
            this.connection = connection;
        }

        private RedisFuture<Object> dispatch(String name, Object... arguments) {
            return connection.async().dispatch(type(name), new ReplyOutput(), args(false, arguments));
        }

        @Override
        public @Nullable Object call(String command, Object... arguments) {
            try {
                return unwrap(dispatch(command, arguments).get(60, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static RuntimeException rethrow(Throwable cause) {
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        }

        private static List<@Nullable Object> await(List<RedisFuture<Object>> futures) {
            List<@Nullable Object> replies = new ArrayList<>();
            for (RedisFuture<Object> future : futures) {
                try {
                    replies.add(unwrap(future.get(60, TimeUnit.SECONDS)));
                } catch (ExecutionException e) {
                    replies.add(e.getCause());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return replies;
        }

        @Override
        public List<@Nullable Object> pipelined(List<Command> commands) {
            connection.setAutoFlushCommands(false);
            List<RedisFuture<Object>> futures = new ArrayList<>();
            try {
                for (Command c : commands) {
                    futures.add(dispatch(c.name(), c.arguments()));
                }
                connection.flushCommands();
            } finally {
                connection.setAutoFlushCommands(true);
            }
            return await(futures);
        }

        @Override
        public List<@Nullable Object> transaction(List<Command> commands) {
            try {
                connection.async().multi().get(60, TimeUnit.SECONDS);
                List<RedisFuture<Object>> futures = new ArrayList<>();
                for (Command c : commands) {
                    futures.add(dispatch(c.name(), c.arguments()));
                }
                try {
                    connection.async().exec().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw rethrow(e.getCause());
                }
                return await(futures);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Flood flood(String prefix, int count, int size, int inFlight) {
            Flood flood = new Flood();
            byte[] value = "v".repeat(size).getBytes(StandardCharsets.UTF_8);
            Semaphore permits = new Semaphore(inFlight);
            try {
                for (int i = 0; i < count; i++) {
                    permits.acquire();
                    flood.attempted.incrementAndGet();
                    connection
                            .async()
                            .set((prefix + i).getBytes(StandardCharsets.UTF_8), value)
                            .whenComplete((ok, error) -> {
                                flood.count(error instanceof CompletionException ? error.getCause() : error);
                                permits.release();
                            });
                }
                if (!permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("flood did not complete");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return flood;
        }

        @Override
        public void close() {
            connection.close();
            client.shutdown();
        }

        private static @Nullable Object unwrap(@Nullable Object reply) {
            return reply;
        }
    }

    /** Any reply, as the scenarios read it: bytes, longs, nested lists (maps flattened). */
    static final class ReplyOutput extends CommandOutput<byte[], byte[], Object> {

        private final Deque<List<@Nullable Object>> stack = new ArrayDeque<>();

        ReplyOutput() {
            super(ByteArrayCodec.INSTANCE, null);
        }

        private void add(@Nullable Object value) {
            if (stack.isEmpty()) {
                output = value;
            } else {
                stack.peek().add(value);
            }
        }

        @Override
        public void set(@Nullable ByteBuffer bytes) {
            if (bytes == null) {
                add(null);
                return;
            }
            byte[] array = new byte[bytes.remaining()];
            bytes.duplicate().get(array);
            add(array);
        }

        @Override
        public void setSingle(@Nullable ByteBuffer bytes) {
            set(bytes);
        }

        @Override
        public void setBigNumber(@Nullable ByteBuffer bytes) {
            set(bytes);
        }

        @Override
        public void set(long integer) {
            add(integer);
        }

        @Override
        public void set(double number) {
            add(number);
        }

        @Override
        public void set(boolean value) {
            add(value ? 1L : 0L);
        }

        @Override
        public void multi(int count) {
            if (count < 0) {
                add(null);
                return;
            }
            List<@Nullable Object> list = new ArrayList<>(count);
            add(list);
            stack.push(list);
        }

        @Override
        public void multiArray(int count) {
            multi(count);
        }

        @Override
        public void multiMap(int count) {
            multi(2 * count); // flattened: key, value, key, value...
        }

        @Override
        public void multiSet(int count) {
            multi(count);
        }

        @Override
        public void complete(int depth) {
            while (stack.size() > depth) {
                stack.pop();
            }
        }
    }
}
