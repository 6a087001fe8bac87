/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.spi.CommandPlan;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;

/*
 * Pipelined commands never reach the executor: each one passes through the guard here, and what the plan says is
 * queued on Jedis's own Pipeline (which keeps its connection, replies and close semantics). Writes the breaker
 * counts are reported once their replies are in (sync or close), with the server's error, so an OOM trips it.
 */
final class GuardedPipeline extends AbstractPipeline {

    private final Pipeline pipeline;

    private final CommandInterceptor interceptor;

    private final Completions completions;

    private final Connection connection;

    GuardedPipeline(
            Pipeline pipeline, CommandObjects commandObjects, CommandInterceptor interceptor, Connection connection) {
        super(commandObjects);
        this.pipeline = pipeline;
        this.interceptor = interceptor;
        this.completions = new Completions(interceptor);
        this.connection = connection;
    }

    @Override
    protected <T> Response<T> appendCommand(CommandObject<T> command) {
        CommandInterceptor.Routed routed = completions.routed(command, connection);
        CommandInterceptor.Prepared<T> prepared = interceptor.prepare(command, routed);
        CommandObject<T> toSend = prepared.command();
        if (toSend == null) {
            return Completions.empty(command);
        }
        Response<T> response = pipeline.executeCommand(toSend);
        completions.add(response, prepared.completion());
        return response;
    }

    @Override
    public void sync() {
        try {
            pipeline.sync();
        } finally {
            completions.replied();
        }
    }

    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            completions.replied();
        }
    }

    /**
     * Writes awaiting their reply, reported to the breaker when the replies are in; and the commands whose keys the
     * local tier drops when queued and again when the replies are in (reads queued here never use the tier).
     */
    static final class Completions {

        private final CommandInterceptor interceptor;

        private final List<Response<?>> responses = new ArrayList<>();

        private final List<CommandPlan> plans = new ArrayList<>();

        private final List<CommandInterceptor.Routed> invalidations = new ArrayList<>();

        Completions(CommandInterceptor interceptor) {
            this.interceptor = interceptor;
        }

        /** Routes a queued command and drops from the local tier the keys it may change (now and when replied). */
        CommandInterceptor.Routed routed(CommandObject<?> command, Connection connection) {
            CommandInterceptor.Routed routed = interceptor.route(command);
            if (routed.tierArguments() != null) {
                if (routed.selects() && connection instanceof GuardedConnection) {
                    ((GuardedConnection) connection).tierOff();
                }
                interceptor.invalidate(routed);
                invalidations.add(routed);
            }
            return routed;
        }

        void add(Response<?> response, @Nullable CommandPlan plan) {
            if (plan != null) {
                responses.add(response);
                plans.add(plan);
            }
        }

        /** Reports every write with the error its reply carries (null when it succeeded or has no reply). */
        void replied() {
            for (int i = 0; i < plans.size(); i++) {
                String error = null;
                try {
                    responses.get(i).get();
                } catch (JedisDataException e) {
                    error = String.valueOf(e.getMessage());
                } catch (RuntimeException e) {
                    // no reply (the pipeline broke) or a reply the builder refused: not the server's error
                }
                interceptor.completed(plans.get(i), error);
            }
            clear();
        }

        /** Reports every write with one error (a transaction that was aborted or discarded as a whole). */
        void failed(@Nullable String error) {
            for (CommandPlan plan : plans) {
                interceptor.completed(plan, error);
            }
            clear();
        }

        private void clear() {
            responses.clear();
            plans.clear();
            for (CommandInterceptor.Routed routed : invalidations) {
                interceptor.invalidate(routed);
            }
            invalidations.clear();
        }

        /** The response of a dropped write: complete, without a value. */
        static <T> Response<T> empty(CommandObject<T> command) {
            Response<T> response = new Response<>(command.getBuilder());
            response.set(null);
            return response;
        }
    }
}
