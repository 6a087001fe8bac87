/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.protocol.CommandArgs;
import java.nio.ByteBuffer;

/**
 * The arguments of a rewritten command on a cluster connection. They are plain bytes (the guard's plan), so Lettuce
 * would find no key in them and send the command to the default node (a {@code MOVED} and a second round trip, or
 * the wrong node for a keyless route). The cluster writer routes by {@link #getFirstEncodedKey()}: this answers the
 * original command's first key, as Lettuce's own {@code PubSubCommandArgs} overrides it for channels.
 */
final class RoutedArgs<K, V> extends CommandArgs<K, V> {

    private final ByteBuffer key;

    RoutedArgs(RedisCodec<K, V> codec, ByteBuffer key) {
        super(codec);
        this.key = key;
    }

    @Override
    public ByteBuffer getFirstEncodedKey() {
        return key.duplicate();
    }
}
