/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.lettuce;

import io.github.redisguard.scenarios.AdapterUnderTest;
import io.github.redisguard.scenarios.CatalogueWritesScenarios;

/** {@link CatalogueWritesScenarios} through Lettuce. */
class LettuceCatalogueWritesIT extends CatalogueWritesScenarios {

    @Override
    protected AdapterUnderTest adapter() {
        return LettuceAdapter.INSTANCE;
    }
}
