/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redisguard.test.RedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;

/** The example app over HTTP against a real redis-server: its application.yml guards cache, carts and sessions. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class ExampleApplicationIT {

    private static final long MINUTE_MS = 60_000L;

    private final HttpClient http =
            HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();

    @LocalServerPort
    int port;

    @Autowired
    RedisServer server;

    @Test
    void productPage_cachedCompressed_withThePageRulesTtl() throws Exception {
        String page = get("/products/7");
        assertThat(get("/products/7")).isEqualTo(page);

        long pttl = awaitKey("products::7");
        assertThat(pttl).isBetween(1L, 10 * MINUTE_MS);
        assertThat((Long) server.call("STRLEN", "products::7")).isLessThan(page.length() / 2L);
    }

    @Test
    void cartAndSession_getTheirRulesTtls_andHealthAndEndpointShowTheGuard() throws Exception {
        assertThat(post("/cart/apple?quantity=2")).contains("\"apple\":\"2\"");

        List<?> carts = (List<?>) server.call("KEYS", "cart:*");
        assertThat(carts).hasSize(1);
        assertThat((Long) server.call("PTTL", (String) carts.get(0)))
                .isBetween(6 * 1440 * MINUTE_MS, 7 * 1440 * MINUTE_MS);
        List<?> sessions = (List<?>) server.call("KEYS", "spring:session:sessions:*");
        assertThat(sessions).isNotEmpty();
        assertThat((Long) server.call("PTTL", (String) sessions.get(0))).isBetween(1L, 30 * MINUTE_MS);

        post("/notes/welcome?text=hello");
        assertThat((Long) server.call("PTTL", "note:welcome")).isBetween(1L, 1440 * MINUTE_MS);

        assertThat(get("/actuator/health"))
                .containsPattern("\"redisGuard\":\\{\"details\":\\{\"breaker\":\"enabled\",\"failMode\":\"OPEN\","
                        + "\"nodes\":\\{\"127\\.0\\.0\\.1:\\d+\":\\{\"memoryRatio\":[0-9.]+,.*?\"shedding\":\\[]}}},"
                        + "\"status\":\"UP\"}");
        assertThat(get("/actuator/redisguard"))
                .contains("\"name\":\"product-pages\"")
                .contains("\"name\":\"sessions\"")
                .contains("\"counters\"");
    }

    private long awaitKey(String key) {
        // RedisCache writes asynchronously: the key lands shortly after the response.
        return Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> (Long) server.call("PTTL", key), pttl -> pttl != -2L);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }

    private String post(String path) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST %s: %s", path, response.body())
                .isEqualTo(200);
        return response.body();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Redis {
        @Bean(destroyMethod = "close")
        RedisServer redisServer() {
            return RedisServer.start();
        }

        @Bean
        DataRedisConnectionDetails redisConnectionDetails(RedisServer server) {
            return new DataRedisConnectionDetails() {
                @Override
                public Standalone getStandalone() {
                    return Standalone.of(server.host(), server.port());
                }
            };
        }
    }
}
