/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandWrapper;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The command Lettuce sends in place of the application's: possibly another name and arguments (the guard's
 * rewrite), possibly a decoding output; completion, cancellation and failure reach the application's command, whose
 * output receives the reply. A rewrite replies what the original would have, so the original output fits.
 */
final class GuardedCommand<K, V, T> extends CommandWrapper<K, V, T> {

    private static final byte[] CRLF = {'\r', '\n'};

    private final @Nullable ProtocolKeyword type;

    private final @Nullable CommandArgs<K, V> args;

    private final @Nullable DecodingOutput<K, V, T> output;

    private final @Nullable Completion completion;

    private final AtomicBoolean reported = new AtomicBoolean();

    /** Told once when the command ends, with the server's error text (null on success or cancellation). */
    interface Completion {
        void completed(@Nullable String error);
    }

    GuardedCommand(
            RedisCommand<K, V, T> command,
            @Nullable ProtocolKeyword type,
            @Nullable CommandArgs<K, V> args,
            @Nullable DecodingOutput<K, V, T> output,
            @Nullable Completion completion) {
        super(command);
        this.type = type;
        this.args = args;
        this.output = output;
        this.completion = completion;
    }

    private void report(@Nullable String error) {
        if (completion != null && reported.compareAndSet(false, true)) {
            try {
                completion.completed(error);
            } catch (RuntimeException e) {
                // A side channel never fails a command.
            }
        }
    }

    @Override
    public ProtocolKeyword getType() {
        return type != null ? type : super.getType();
    }

    @Override
    public CommandArgs<K, V> getArgs() {
        return args != null ? args : super.getArgs();
    }

    @Override
    public CommandOutput<K, V, T> getOutput() {
        return output != null ? output : super.getOutput();
    }

    @Override
    public void encode(ByteBuf buf) {
        if (type == null || args == null) {
            super.encode(buf);
            return;
        }
        buf.writeByte('*');
        writeInteger(buf, 1 + args.count());
        buf.writeBytes(CRLF);
        byte[] name = type.getBytes();
        buf.writeByte('$');
        writeInteger(buf, name.length);
        buf.writeBytes(CRLF);
        buf.writeBytes(name);
        buf.writeBytes(CRLF);
        args.encode(buf);
    }

    private static void writeInteger(ByteBuf buf, long value) {
        buf.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
    }

    @Override
    public void complete() {
        CommandOutput<K, V, T> out = getOutput();
        report(out != null && out.hasError() ? out.getError() : null);
        if (output != null && output.failure() != null) {
            completeExceptionally(output.failure());
            return;
        }
        super.complete();
    }

    @Override
    public boolean completeExceptionally(Throwable throwable) {
        report(throwable.getMessage());
        return super.completeExceptionally(throwable);
    }

    @Override
    public void cancel() {
        report(null);
        super.cancel();
    }
}
