/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Integration test scenarios shared by the client adapters. Each abstract {@code *Scenarios} class checks one
 * behaviour of the guard against real servers through an {@link io.github.redisguard.scenarios.AdapterUnderTest}; an
 * adapter's ITs extend them and say how to open its raw and guarded clients. Test code, not published.
 */
@NullMarked
package io.github.redisguard.scenarios;

import org.jspecify.annotations.NullMarked;
