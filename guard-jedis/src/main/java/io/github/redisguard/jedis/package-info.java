/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * The Jedis adapter. {@link io.github.redisguard.jedis.JedisGuard} opens a guarded {@code UnifiedJedis} whose pooled
 * connections pass every command through the guard, and whose pipelines and transactions do the same for the
 * commands they queue; the rest of the package carries that out and has no compatibility promise.
 */
@NullMarked
package io.github.redisguard.jedis;

import org.jspecify.annotations.NullMarked;
