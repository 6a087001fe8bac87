/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic payloads shaped like what applications store: JSON documents and HTML fragments. */
final class Payloads {

    private static final String[] WORDS = {
        "the", "product", "price", "available", "customer", "order", "shipping", "color", "size", "review",
        "delivery", "stock", "category", "brand", "quality", "warranty", "return", "discount", "bundle", "premium",
        "material", "cotton", "steel", "wireless", "battery", "compact", "durable", "lightweight", "classic", "modern"
    };

    private Payloads() {}

    /** A JSON-like document of about {@code size} bytes, cut to exactly that size. */
    static byte[] json(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 256).append("{\"items\":[");
        for (int i = 0; sb.length() < size; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"id\":")
                    .append(random.nextInt(1_000_000))
                    .append(",\"sku\":\"SKU-")
                    .append(Integer.toHexString(random.nextInt()))
                    .append("\",\"name\":\"")
                    .append(word(random))
                    .append(' ')
                    .append(word(random))
                    .append("\",\"price\":")
                    .append(random.nextInt(100_000) / 100.0)
                    .append(",\"tags\":[\"")
                    .append(word(random))
                    .append("\",\"")
                    .append(word(random))
                    .append("\"],\"inStock\":")
                    .append(random.nextBoolean())
                    .append('}');
        }
        return cut(sb, size);
    }

    /** An HTML-like fragment of about {@code size} bytes, cut to exactly that size. */
    static byte[] html(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 256).append("<div class=\"catalog\">");
        while (sb.length() < size) {
            sb.append("<div class=\"product-card\"><h3 class=\"title\">");
            for (int w = 0; w < 3; w++) {
                sb.append(word(random)).append(' ');
            }
            sb.append("</h3><p class=\"description\">");
            int words = 8 + random.nextInt(12);
            for (int w = 0; w < words; w++) {
                sb.append(word(random)).append(' ');
            }
            sb.append("</p><span class=\"price\">")
                    .append(random.nextInt(100_000) / 100.0)
                    .append("</span><a href=\"/p/")
                    .append(random.nextInt(100_000))
                    .append("\">details</a></div>");
        }
        return cut(sb, size);
    }

    /** Words with a skewed frequency, as in real text: the first ones far more often than the last. */
    private static String word(Random random) {
        double u = random.nextDouble();
        return WORDS[(int) (u * u * WORDS.length)];
    }

    private static byte[] cut(StringBuilder sb, int size) {
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[size];
        System.arraycopy(bytes, 0, out, 0, size);
        return out;
    }
}
