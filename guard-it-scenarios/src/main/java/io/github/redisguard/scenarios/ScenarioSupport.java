/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.scenarios;

import io.github.redisguard.GuardConfig;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.test.RedisServer;
import io.github.redisguard.test.RedisTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of the scenarios that share one server per class: a raw and a guarded client of the adapter under test,
 * the guard's meters, and the server's command statistics. The server is flushed before each test.
 */
@RedisTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ScenarioSupport {

    protected final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    protected @Nullable RedisServer server;

    protected @Nullable RedisGuard guard;

    protected AdapterUnderTest.@Nullable Client raw;

    protected AdapterUnderTest.@Nullable Client guarded;

    /** Returns the adapter the scenarios run against. */
    protected abstract AdapterUnderTest adapter();

    /** Returns the guard's configuration for this class's scenarios. */
    protected abstract GuardConfig config();

    @BeforeAll
    void open(RedisServer server) {
        this.server = server;
        this.guard = RedisGuard.builder(config()).meterRegistry(registry).build();
        this.raw = adapter().raw(server);
        this.guarded = adapter().guarded(server, guard);
    }

    @AfterAll
    void closeClients() {
        if (guarded != null) {
            guarded.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (guard != null) {
            guard.close();
        }
    }

    @BeforeEach
    void flush() {
        server().flushAll();
    }

    protected RedisServer server() {
        return java.util.Objects.requireNonNull(server, "server");
    }

    protected AdapterUnderTest.Client raw() {
        return java.util.Objects.requireNonNull(raw, "raw");
    }

    protected AdapterUnderTest.Client guarded() {
        return java.util.Objects.requireNonNull(guarded, "guarded");
    }

    /** Returns how often the server executed {@code command} (INFO commandstats), to prove nothing was sent. */
    protected long calls(String command) {
        return server().calls(command);
    }

    /** Returns the value of the counter with this name and tags, 0 when it does not exist. */
    protected double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Returns the key's PTTL as the server reports it. */
    protected long pttl(String key) {
        return (Long) java.util.Objects.requireNonNull(server().call("PTTL", key));
    }
}
