/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
/** The Spring Boot example: an application guarded by {@code application.yml} alone. */
@NullMarked
package io.github.redisguard.examples.spring;

import org.jspecify.annotations.NullMarked;
