/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.CorruptValueException;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.ReplyDecoding;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.output.CommandOutput;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Feeds a reply to the command's own output, decompressing stored values on the way. Runs on Lettuce's event loop,
 * where an exception would close the connection: a value that cannot be decoded is remembered instead, handed on as
 * stored, and the command then fails with the {@link CorruptValueException} (see {@link GuardedCommand#complete()}).
 */
final class DecodingOutput<K, V, T> extends CommandOutput<K, V, T> {

    private final CommandOutput<K, V, T> delegate;

    private final CommandGuard guard;

    private final boolean everySecond;

    private int scalars;

    private @Nullable CorruptValueException failure;

    DecodingOutput(
            RedisCodec<K, V> codec, CommandOutput<K, V, T> delegate, ReplyDecoding decoding, CommandGuard guard) {
        super(codec, null);
        this.delegate = delegate;
        this.guard = guard;
        this.everySecond = decoding == ReplyDecoding.MAP_VALUES;
    }

    @Nullable
    CorruptValueException failure() {
        return failure;
    }

    @Override
    public T get() {
        return delegate.get();
    }

    @Override
    public void set(@Nullable ByteBuffer bytes) {
        boolean value = !everySecond || (scalars++ & 1) == 1;
        if (bytes == null || !value) {
            delegate.set(bytes);
            return;
        }
        ByteBuffer decoded = bytes;
        try {
            decoded = guard.decode(bytes);
        } catch (CorruptValueException e) {
            if (failure == null) {
                failure = e;
            }
        }
        delegate.set(decoded);
    }

    @Override
    public void setSingle(@Nullable ByteBuffer bytes) {
        scalars++;
        delegate.setSingle(bytes);
    }

    @Override
    public void setBigNumber(@Nullable ByteBuffer bytes) {
        scalars++;
        delegate.setBigNumber(bytes);
    }

    @Override
    public void set(long integer) {
        scalars++;
        delegate.set(integer);
    }

    @Override
    public void set(double number) {
        scalars++;
        delegate.set(number);
    }

    @Override
    public void set(boolean value) {
        scalars++;
        delegate.set(value);
    }

    @Override
    public void setError(@Nullable ByteBuffer error) {
        delegate.setError(error);
    }

    @Override
    public void setError(@Nullable String error) {
        delegate.setError(error);
    }

    @Override
    public boolean hasError() {
        return delegate.hasError();
    }

    @Override
    public String getError() {
        return delegate.getError();
    }

    @Override
    public void complete(int depth) {
        delegate.complete(depth);
    }

    @Override
    public void multi(int count) {
        delegate.multi(count);
    }

    @Override
    public void multiArray(int count) {
        delegate.multiArray(count);
    }

    @Override
    public void multiPush(int count) {
        delegate.multiPush(count);
    }

    @Override
    public void multiMap(int count) {
        delegate.multiMap(count);
    }

    @Override
    public void multiSet(int count) {
        delegate.multiSet(count);
    }

    @Override
    public String toString() {
        return "DecodingOutput[" + delegate + "]";
    }
}
