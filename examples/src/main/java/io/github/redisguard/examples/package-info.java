/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/**
 * Runnable examples: {@link io.github.redisguard.examples.Demo} is what {@code make demo} runs,
 * {@link io.github.redisguard.examples.MemoryCalibration} what {@code make calibrate} runs.
 */
@NullMarked
package io.github.redisguard.examples;

import org.jspecify.annotations.NullMarked;
