/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples.spring;

import jakarta.servlet.http.HttpSession;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The REST side: product pages (Spring Cache), the cart (StringRedisTemplate), the visitor's session. */
@RestController
public class ShopController {

    private final Catalog catalog;

    private final StringRedisTemplate redis;

    ShopController(Catalog catalog, StringRedisTemplate redis) {
        this.catalog = catalog;
        this.redis = redis;
    }

    /** A product page: built once, then served from the Redis cache. */
    @GetMapping(value = "/products/{id}", produces = MediaType.TEXT_HTML_VALUE)
    public String product(@PathVariable long id) {
        return catalog.page(id);
    }

    /** Adds items to the visitor's cart, a Redis hash written without a TTL. */
    @PostMapping("/cart/{item}")
    public Map<Object, Object> add(
            @PathVariable String item, @RequestParam(defaultValue = "1") long quantity, HttpSession session) {
        String cart = "cart:" + session.getId();
        redis.opsForHash().increment(cart, item, quantity);
        session.setAttribute("lastItem", item);
        return redis.opsForHash().entries(cart);
    }

    /** The visitor's cart. */
    @GetMapping("/cart")
    public Map<Object, Object> cart(HttpSession session) {
        return redis.opsForHash().entries("cart:" + session.getId());
    }

    /** Writes a cache entry straight through the template, as code that predates the cache abstraction would. */
    @PostMapping("/notes/{name}")
    public String note(@PathVariable String name, @RequestParam String text) {
        redis.opsForValue().set("note:" + name, text);
        return "stored";
    }
}
