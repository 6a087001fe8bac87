/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.scenarios.AdapterUnderTest;
import io.github.redisguard.scenarios.LocalTierScenarios;

/**
 * The adapter-agnostic local-tier scenarios through Lettuce (RESP3 tracking), the same suite Jedis runs. The
 * Lettuce-specific checks (views, RESP2 and HELLO-less servers, the race stress, stale-if-error) are in
 * {@link LocalTierIT} and its subclasses.
 */
class LettuceLocalTierScenariosIT extends LocalTierScenarios {

    @Override
    protected AdapterUnderTest adapter() {
        return LettuceAdapter.INSTANCE;
    }
}
