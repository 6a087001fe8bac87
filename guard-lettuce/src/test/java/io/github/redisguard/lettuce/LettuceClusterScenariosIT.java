/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.scenarios.AdapterUnderTest;
import io.github.redisguard.scenarios.ClusterScenarios;

/** The shared cluster scenarios through {@link LettuceGuard#connect(io.lettuce.core.cluster.RedisClusterClient,
 * io.github.redisguard.RedisGuard) LettuceGuard.connect(RedisClusterClient, ...)}, against a raw cluster connection. */
class LettuceClusterScenariosIT extends ClusterScenarios {

    @Override
    protected AdapterUnderTest adapter() {
        return LettuceAdapter.INSTANCE;
    }
}
