/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisServerOptionsTest {

    @Test
    void defaults_setNothing_andWaitTenSeconds() {
        RedisServerOptions defaults = RedisServerOptions.defaults();

        assertThat(defaults.maxmemory()).isEmpty();
        assertThat(defaults.maxmemoryPolicy()).isEmpty();
        assertThat(defaults.extraArgs()).isEmpty();
        assertThat(defaults.startupTimeout()).isEqualTo(RedisServerOptions.DEFAULT_STARTUP_TIMEOUT);
        assertThat(defaults.startupTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.serverArgs()).isEmpty();
        assertThat(RedisServerOptions.builder().build()).isEqualTo(defaults);
    }

    @Test
    void builder_everySetting_isKept_andBecomesServerArgs() {
        RedisServerOptions options = RedisServerOptions.builder()
                .maxmemory("2MB")
                .maxmemoryPolicy("AllKeys-LRU")
                .extraArgs("--enable-debug-command", "local")
                .startupTimeout(Duration.ofSeconds(3))
                .build();

        assertThat(options.maxmemory()).contains("2mb");
        assertThat(options.maxmemoryPolicy()).contains("allkeys-lru");
        assertThat(options.extraArgs()).containsExactly("--enable-debug-command", "local");
        assertThat(options.startupTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(options.serverArgs())
                .containsExactly(
                        "--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru", "--enable-debug-command", "local");
    }

    @Test
    void toBuilder_build_equalsOriginal_forEverySetting() {
        RedisServerOptions options = RedisServerOptions.builder()
                .maxmemory(1_048_576L)
                .maxmemoryPolicy("volatile-ttl")
                .extraArgs(List.of("--user", "alice", "on", ">pw", "~*", "+@all", "-info"))
                .startupTimeout(Duration.ofMillis(1500))
                .build();

        RedisServerOptions copy = options.toBuilder().build();

        assertThat(copy).isEqualTo(options).hasSameHashCodeAs(options);
        assertThat(copy.maxmemory()).isEqualTo(options.maxmemory());
        assertThat(copy.maxmemoryPolicy()).isEqualTo(options.maxmemoryPolicy());
        assertThat(copy.extraArgs()).isEqualTo(options.extraArgs());
        assertThat(copy.startupTimeout()).isEqualTo(options.startupTimeout());
        assertThat(copy.toString()).isEqualTo(options.toString());
    }

    @Test
    void toBuilder_change_leavesOriginalAlone() {
        RedisServerOptions original =
                RedisServerOptions.builder().maxmemory("1mb").build();

        RedisServerOptions changed = original.toBuilder().maxmemory("3mb").build();

        assertThat(original.maxmemory()).contains("1mb");
        assertThat(changed.maxmemory()).contains("3mb");
        assertThat(changed).isNotEqualTo(original);
    }

    @Test
    void maxmemoryInBytes_isDecimalText() {
        assertThat(RedisServerOptions.builder().maxmemory(2_097_152L).build().maxmemory())
                .contains("2097152");
        assertThat(RedisServerOptions.builder().maxmemory(0L).build().maxmemory())
                .contains("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "100", "2mb", "2MB", "1k", "1kb", "3m", "1g", "1gb", "512b"})
    void maxmemory_redisForms_areAccepted(String value) {
        assertThat(RedisServerOptions.builder().maxmemory(value).build().maxmemory())
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mb", "2 mb", "-1", "2tb", "1.5mb", "10%"})
    void maxmemory_otherText_failsWithShapedMessage(String value) {
        assertThatThrownBy(() -> RedisServerOptions.builder().maxmemory(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxmemory must be digits with an optional unit b, k, kb, m, mb, g or gb, but was '" + value
                        + "'");
    }

    @Test
    void maxmemory_negativeBytes_fails() {
        assertThatThrownBy(() -> RedisServerOptions.builder().maxmemory(-1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxmemory must not be negative, but was -1 bytes");
    }

    @Test
    void maxmemoryPolicy_unknown_failsListingTheKnownOnes() {
        assertThatThrownBy(() -> RedisServerOptions.builder().maxmemoryPolicy("lru"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxmemoryPolicy must be one of allkeys-lfu, allkeys-lru, allkeys-random, noeviction,"
                        + " volatile-lfu, volatile-lru, volatile-random, volatile-ttl, but was 'lru'");
    }

    @Test
    void maxmemoryPolicy_everyKnownOne_isAccepted() {
        for (String policy : RedisServerOptions.MAXMEMORY_POLICIES) {
            assertThat(RedisServerOptions.builder()
                            .maxmemoryPolicy(policy)
                            .build()
                            .maxmemoryPolicy())
                    .contains(policy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port", "--bind", "--dir", "--daemonize", "--logfile", "--PORT"})
    void extraArgs_argumentTheServerSetsItself_fails(String reserved) {
        assertThatThrownBy(() -> RedisServerOptions.builder().extraArgs(reserved, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extraArgs must not contain --bind, --daemonize, --dir, --logfile, --port (RedisServer"
                        + " sets it), but was [" + reserved + ", x]");
    }

    @Test
    void extraArgs_nullElement_fails() {
        List<String> args = new ArrayList<>();
        args.add("--enable-debug-command");
        args.add(null);

        assertThatThrownBy(() -> RedisServerOptions.builder().extraArgs(args))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("extraArgs element");
    }

    @Test
    void extraArgs_areCopied_andUnmodifiable() {
        List<String> args = new ArrayList<>(List.of("--enable-debug-command", "local"));
        RedisServerOptions options =
                RedisServerOptions.builder().extraArgs(args).build();

        args.add("--hz");

        assertThat(options.extraArgs()).containsExactly("--enable-debug-command", "local");
        assertThatThrownBy(() -> options.extraArgs().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void extraArgs_emptyWord_isKept() {
        assertThat(RedisServerOptions.builder().extraArgs("--save", "").build().extraArgs())
                .containsExactly("--save", "");
    }

    @Test
    void build_maxmemoryBothAsSettingAndExtraArg_fails() {
        RedisServerOptions.Builder builder =
                RedisServerOptions.builder().maxmemory("1mb").extraArgs("--maxmemory", "2mb");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extraArgs must not contain --maxmemory when maxmemory is set, but was [--maxmemory, 2mb]");
    }

    @Test
    void build_policyBothAsSettingAndExtraArg_fails() {
        RedisServerOptions.Builder builder = RedisServerOptions.builder()
                .maxmemoryPolicy("noeviction")
                .extraArgs("--maxmemory-policy", "allkeys-lru");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extraArgs must not contain --maxmemory-policy when maxmemoryPolicy is set, but was"
                        + " [--maxmemory-policy, allkeys-lru]");
    }

    @Test
    void startupTimeout_zeroOrNegative_fails() {
        assertThatThrownBy(() -> RedisServerOptions.builder().startupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startupTimeout must be positive, but was PT0S");
        assertThatThrownBy(() -> RedisServerOptions.builder().startupTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startupTimeout must be positive, but was PT-1S");
    }

    @Test
    void nullArguments_failWithTheSettingName() {
        RedisServerOptions.Builder builder = RedisServerOptions.builder();

        assertThatThrownBy(() -> builder.maxmemory((String) null)).hasMessage("maxmemory");
        assertThatThrownBy(() -> builder.maxmemoryPolicy(null)).hasMessage("maxmemoryPolicy");
        assertThatThrownBy(() -> builder.extraArgs((List<String>) null)).hasMessage("extraArgs");
        assertThatThrownBy(() -> builder.startupTimeout(null)).hasMessage("startupTimeout");
    }
}
