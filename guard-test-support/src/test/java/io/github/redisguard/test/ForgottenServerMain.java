/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

/** Run in a child JVM by {@link RedisServerIT}: starts a server, prints its pid, and exits without closing it. */
final class ForgottenServerMain {

    private ForgottenServerMain() {}

    public static void main(String[] args) {
        RedisServer server = RedisServer.start(RedisServerOptions.defaults(), ServerAssertions.localOnly());
        System.out.println("pid=" + server.pid().orElseThrow() + " dir="
                + server.directory().orElseThrow());
    }
}
