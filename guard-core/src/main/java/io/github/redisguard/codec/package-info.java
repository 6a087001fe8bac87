/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Value compression. {@link io.github.redisguard.codec.Compression} says when and how a rule compresses;
 * {@link io.github.redisguard.codec.ValueCodec} writes and reads the self-describing stored form (see its class
 * documentation for the byte layout), so that values written without the guard read back unchanged.
 */
@NullMarked
package io.github.redisguard.codec;

import org.jspecify.annotations.NullMarked;
