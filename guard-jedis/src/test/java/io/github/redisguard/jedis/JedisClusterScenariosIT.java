/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.jedis;

import io.github.redisguard.scenarios.AdapterUnderTest;
import io.github.redisguard.scenarios.ClusterScenarios;

/** The shared cluster scenarios through {@link JedisGuard#cluster}, against raw {@code JedisCluster}. */
class JedisClusterScenariosIT extends ClusterScenarios {

    @Override
    protected AdapterUnderTest adapter() {
        return JedisAdapter.INSTANCE;
    }
}
