/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.ReplyDecoding;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Builder;
import redis.clients.jedis.util.KeyValue;

/**
 * Decodes stored values in a raw Jedis reply before the application's builder turns it into its type. Raw replies
 * are {@code byte[]} for bulk strings, {@code List} for arrays and {@code List<KeyValue>} for RESP3 maps. A corrupt
 * value raises {@link io.github.redisguard.CorruptValueException} from the builder: the reply has been read in full
 * by then, so the connection stays usable.
 */
final class ReplyDecoder {

    private ReplyDecoder() {}

    static <T> Builder<T> decoding(Builder<T> builder, ReplyDecoding decoding, CommandGuard guard) {
        boolean mapValues = decoding == ReplyDecoding.MAP_VALUES;
        return new Builder<T>() {
            @Override
            public T build(Object data) {
                return builder.build(mapValues ? mapValues(data, guard) : values(data, guard));
            }

            @Override
            public String toString() {
                return "Decoding(" + builder + ")";
            }
        };
    }

    private static Object values(Object data, CommandGuard guard) {
        if (data instanceof byte[]) {
            return guard.decode((byte[]) data);
        }
        if (data instanceof KeyValue) {
            KeyValue<?, ?> entry = (KeyValue<?, ?>) data;
            return new KeyValue<>(entry.getKey(), entry.getValue() == null ? null : values(entry.getValue(), guard));
        }
        if (data instanceof List) {
            List<?> list = (List<?>) data;
            List<Object> out = new ArrayList<>(list.size());
            for (Object element : list) {
                out.add(element == null ? null : values(element, guard));
            }
            return out;
        }
        return data;
    }

    private static Object mapValues(Object data, CommandGuard guard) {
        if (!(data instanceof List)) {
            return data;
        }
        List<?> list = (List<?>) data;
        List<Object> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            if (element instanceof KeyValue) {
                KeyValue<?, ?> entry = (KeyValue<?, ?>) element;
                Object value = entry.getValue();
                out.add(new KeyValue<>(entry.getKey(), value instanceof byte[] ? guard.decode((byte[]) value) : value));
            } else if ((i & 1) == 1 && element instanceof byte[]) {
                out.add(guard.decode((byte[]) element));
            } else {
                out.add(element);
            }
        }
        return out;
    }
}
