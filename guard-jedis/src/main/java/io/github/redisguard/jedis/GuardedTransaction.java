/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import java.util.List;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.CommandObjects;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/*
 * Commands queued inside MULTI never reach the executor: each one passes through the guard here, and what the plan
 * says is queued on Jedis's own Transaction. A refused write throws at once and the transaction goes on without it.
 * Outside MULTI (transaction(false) before multi(), or after exec), Jedis's Transaction runs each command at once
 * on its connection, which is a guarded one: those pass through the guard there, not here.
 *
 * An OOM inside MULTI shows only on EXEC, as EXECABORT with the queued commands' errors attached as suppressed: the
 * breaker is told the OOM text when there is one.
 */
final class GuardedTransaction extends AbstractTransaction {

    private final Transaction transaction;

    private final CommandInterceptor interceptor;

    private final GuardedPipeline.Completions completions;

    private boolean inMulti;

    private final Connection connection;

    GuardedTransaction(
            Transaction transaction,
            boolean inMulti,
            CommandObjects commandObjects,
            CommandInterceptor interceptor,
            Connection connection) {
        super(commandObjects);
        this.connection = connection;
        this.transaction = transaction;
        this.inMulti = inMulti;
        this.interceptor = interceptor;
        this.completions = new GuardedPipeline.Completions(interceptor);
    }

    @Override
    protected <T> Response<T> appendCommand(CommandObject<T> command) {
        if (!inMulti) {
            return transaction.executeCommand(command);
        }
        CommandInterceptor.Routed routed = completions.routed(command, connection);
        CommandInterceptor.Prepared<T> prepared = interceptor.prepare(command, routed);
        CommandObject<T> toSend = prepared.command();
        if (toSend == null) {
            return GuardedPipeline.Completions.empty(command);
        }
        Response<T> response = transaction.executeCommand(toSend);
        completions.add(response, prepared.completion());
        return response;
    }

    @Override
    public void multi() {
        transaction.multi();
        inMulti = true;
    }

    @Override
    public String watch(String... keys) {
        return transaction.watch(keys);
    }

    @Override
    public String watch(byte[]... keys) {
        return transaction.watch(keys);
    }

    @Override
    public String unwatch() {
        return transaction.unwatch();
    }

    @Override
    public List<Object> exec() {
        List<Object> replies;
        try {
            replies = transaction.exec();
        } catch (JedisDataException e) {
            completions.failed(oomOr(e));
            throw e;
        } catch (RuntimeException e) {
            completions.failed(String.valueOf(e.getMessage()));
            throw e;
        } finally {
            inMulti = false;
        }
        if (replies == null) {
            completions.failed(null); // WATCH aborted it: nothing was applied
        } else {
            completions.replied();
        }
        return replies;
    }

    @Override
    public String discard() {
        try {
            return transaction.discard();
        } finally {
            inMulti = false;
            completions.failed(null);
        }
    }

    @Override
    public void close() {
        try {
            transaction.close();
        } finally {
            inMulti = false;
            completions.failed(null);
        }
    }

    /** The OOM a queued command got, when EXEC was aborted for it; else the abort's own message. */
    private static String oomOr(JedisDataException abort) {
        for (Throwable queued : abort.getSuppressed()) {
            String message = String.valueOf(queued.getMessage());
            if (message.startsWith("OOM")) {
                return message;
            }
        }
        return String.valueOf(abort.getMessage());
    }
}
