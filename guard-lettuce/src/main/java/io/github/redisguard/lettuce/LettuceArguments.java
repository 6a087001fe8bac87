/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.lettuce.core.protocol.CommandArgs;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arguments of a Lettuce command as the bytes Redis will receive. Lettuce keeps arguments as typed objects
 * (keys and values still to be encoded by the codec); encoding them once to RESP and reading the bulk strings back
 * is the one way that works for every codec and every command.
 */
final class LettuceArguments {

    private LettuceArguments() {}

    static List<byte[]> toBytes(CommandArgs<?, ?> args) {
        ByteBuf buf = Unpooled.buffer(256);
        try {
            args.encode(buf);
            byte[] array = buf.array();
            int i = buf.arrayOffset() + buf.readerIndex();
            int end = buf.arrayOffset() + buf.writerIndex();
            List<byte[]> out = new ArrayList<>(args.count());
            while (i < end) {
                if (array[i] != '$') {
                    throw new IllegalStateException("Lettuce encoded an argument that is not a bulk string");
                }
                i++;
                int length = 0;
                while (array[i] != '\r') {
                    length = length * 10 + (array[i] - '0');
                    i++;
                }
                i += 2;
                byte[] arg = new byte[length];
                System.arraycopy(array, i, arg, 0, length);
                out.add(arg);
                i += length + 2;
            }
            return out;
        } finally {
            buf.release();
        }
    }

    static <K, V> CommandArgs<K, V> fromBytes(CommandArgs<K, V> target, List<byte[]> args) {
        for (byte[] arg : args) {
            target.add(arg);
        }
        return target;
    }
}
