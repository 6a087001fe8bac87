/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples.spring;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/** Product pages, expensive to build, cached in Redis under {@code products::<id>} with no TTL in code. */
@Service
public class Catalog {

    private final AtomicLong builds = new AtomicLong();

    /** Builds a product page of a few kilobytes (the source of truth would be a database). */
    @Cacheable("products")
    public String page(long id) {
        builds.incrementAndGet();
        StringBuilder page =
                new StringBuilder("<html><body><h1>Product ").append(id).append("</h1>");
        for (int i = 0; i < 40; i++) {
            page.append("<p>Hand-made item ")
                    .append(id)
                    .append(", part ")
                    .append(i)
                    .append(": sturdy, light, delivered in two days.</p>");
        }
        return page.append("</body></html>").toString();
    }

    /** Returns how many pages were built rather than read from the cache. */
    public long builds() {
        return builds.get();
    }
}
