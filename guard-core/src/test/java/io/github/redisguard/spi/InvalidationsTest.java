/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class InvalidationsTest {

    /** Records what {@code invalidate} received: key names, or "ALL" for every key. */
    private static final class Recorder implements Invalidations {

        final List<String> calls = new ArrayList<>();

        @Override
        public void trackingOn() {}

        @Override
        public void trackingLost() {}

        @Override
        public void trackingUnavailable(String reason) {}

        @Override
        public void invalidate(@Nullable List<byte[]> keys) {
            if (keys == null) {
                calls.add("ALL");
                return;
            }
            List<String> names = new ArrayList<>();
            for (byte[] key : keys) {
                names.add(new String(key, UTF_8));
            }
            calls.add(String.join(",", names));
        }
    }

    private static List<String> decoded(@Nullable Object keys) {
        Recorder recorder = new Recorder();
        recorder.invalidateDecoded(keys);
        return recorder.calls;
    }

    @Test
    void aListOfKeys_invalidatesThoseKeys() {
        assertThat(decoded(List.of("a".getBytes(UTF_8), "b".getBytes(UTF_8)))).containsExactly("a,b");
    }

    @Test
    void oneKey_invalidatesThatKey() {
        assertThat(decoded("a".getBytes(UTF_8))).containsExactly("a");
    }

    @Test
    void nil_invalidatesEveryKey() {
        assertThat(decoded(null)).containsExactly("ALL");
    }

    @Test
    void aShapeNotUnderstood_invalidatesEveryKey_ratherThanMissAChange() {
        assertThat(decoded("a")).containsExactly("ALL");
        assertThat(decoded(42L)).containsExactly("ALL");
    }
}
