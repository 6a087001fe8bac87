/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.IncompatibleWriteException;
import io.github.redisguard.KeyRule;
import io.github.redisguard.MissingTtlException;
import io.github.redisguard.OnMissingTtl;
import io.github.redisguard.RedisGuard;
import io.github.redisguard.ValueTooLargeException;
import io.github.redisguard.codec.Compression;
import io.github.redisguard.spi.CommandGuard;
import io.github.redisguard.spi.CommandPlan;
import io.github.redisguard.spi.CommandRoute;
import io.github.redisguard.spi.ReplyDecoding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The write path, through the public entry point: {@code RedisGuard.builder(config).commandGuard()}, then
 * {@code route(name)} and {@code plan(route, args)}, with a fixed clock and a private meter registry.
 */
class PlannerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static final long NOW_MS = NOW.toEpochMilli();

    private static final long NOW_S = NOW.getEpochSecond();

    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    /*
     * default rule: default 1h (3600000), max 1d (86400000), min 10s (10000)
     * sessions:     default 30m (1800000), max 2h (7200000), min inherited
     */
    private static final GuardConfig CONFIG = GuardConfig.builder()
            .defaultTtl(Duration.ofHours(1))
            .maxTtl(Duration.ofDays(1))
            .minTtl(Duration.ofSeconds(10))
            .rule(KeyRule.builder("session:*")
                    .name("sessions")
                    .defaultTtl(Duration.ofMinutes(30))
                    .maxTtl(Duration.ofHours(2))
                    .build())
            .rule(KeyRule.builder("strict:*")
                    .name("strict")
                    .onMissingTtl(OnMissingTtl.REJECT)
                    .build())
            .rule(KeyRule.builder("config:*").name("config").persistent(true).build())
            .rule(KeyRule.builder("zip:*")
                    .name("zip")
                    .compression(Compression.lz4(DataSize.ofKilobytes(1)))
                    .build())
            .rule(KeyRule.builder("small:*")
                    .name("small")
                    .maxValueSize(DataSize.ofKilobytes(1))
                    .build())
            .build();

    private static final String DEFAULT = "3600000";

    private static final String MAX = "86400000";

    private static final String WRITE_THEN_EXPIRE = latin1(TtlScripts.WRITE_THEN_EXPIRE);

    private static final String CHUNKED = latin1(TtlScripts.CHUNKED_WRITE_THEN_EXPIRE);

    private SimpleMeterRegistry registry;

    private CommandGuard guard;

    @BeforeEach
    void setUp() {
        use(CONFIG);
    }

    private void use(GuardConfig config) {
        registry = new SimpleMeterRegistry();
        guard = RedisGuard.builder(config)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .meterRegistry(registry)
                .build()
                .commandGuard();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static List<byte[]> args(String... args) {
        List<byte[]> list = new ArrayList<>();
        for (String arg : args) {
            list.add(arg.getBytes(StandardCharsets.ISO_8859_1));
        }
        return list;
    }

    private static List<String> strings(List<byte[]> args) {
        List<String> list = new ArrayList<>(args.size());
        for (byte[] arg : args) {
            list.add(latin1(arg));
        }
        return list;
    }

    private static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    private CommandPlan plan(String command, String... args) {
        return plan(command, args(args));
    }

    private CommandPlan plan(String command, List<byte[]> args) {
        List<String> before = strings(args);
        CommandPlan plan = guard.plan(guard.route(command), args);
        assertThat(strings(args)).as("arguments are not modified").isEqualTo(before);
        return plan;
    }

    private static void assertUnchanged(CommandPlan plan, ReplyDecoding decoding) {
        assertThat(plan.isUnchanged()).as("unchanged: %s", plan).isTrue();
        assertThat(plan.replyDecoding()).isEqualTo(decoding);
        assertThat(plan.arguments()).isEmpty();
    }

    private static void assertRewritten(CommandPlan plan, String command, ReplyDecoding decoding, String... args) {
        assertThat(plan.isUnchanged()).as("rewritten: %s", plan).isFalse();
        assertThat(plan.command()).isEqualTo(command);
        assertThat(strings(plan.arguments())).containsExactly(args);
        assertThat(plan.replyDecoding()).isEqualTo(decoding);
    }

    private double writes(String rule, String outcome, String reason) {
        return registry.get("redis.guard.writes")
                .tags("rule", rule, "outcome", outcome, "reason", reason)
                .counter()
                .count();
    }

    private double admitted(String rule) {
        return writes(rule, "admitted", "none");
    }

    private double ttl(String rule, String action) {
        return registry.get("redis.guard.ttl")
                .tags("rule", rule, "action", action)
                .counter()
                .count();
    }

    private static String missingTtl(String command, String rule) {
        return command + " under rule '" + rule + "' must carry a TTL (the rule rejects writes without one), but had"
                + " none; give it an expiry (e.g. SET ... PX <ms>) or change the rule's onMissingTtl";
    }

    private static String tooLarge(
            String command, String rule, String limit, long limitBytes, String size, long bytes) {
        return String.format(
                Locale.ROOT,
                "%s under rule '%s': value size must be at most %s (%d bytes), but was %s (%d bytes)",
                command,
                rule,
                limit,
                limitBytes,
                size,
                bytes);
    }

    private static String partialWrite(String command, String rule) {
        return command + " under rule '" + rule + "' must not change part of a value, because the rule compresses"
                + " values; write whole values (SET), or match these keys with a rule without compression";
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class SetCommand {

        @Test
        void noTtl_getsTheDefault() {
            assertRewritten(plan("SET", "k", "v"), "SET", ReplyDecoding.NONE, "k", "v", "PX", DEFAULT);
            assertThat(ttl("default", "applied")).isEqualTo(1);
            assertThat(admitted("default")).isEqualTo(1);
        }

        @Test
        void noTtl_underARule_getsTheRulesDefault() {
            assertRewritten(
                    plan("SET", "session:1", "v"), "SET", ReplyDecoding.NONE, "session:1", "v", "PX", "1800000");
            assertThat(ttl("sessions", "applied")).isEqualTo(1);
            assertThat(ttl("default", "applied")).isZero();
        }

        @Test
        void lowerCaseCommand_isPlannedTheSame() {
            assertRewritten(plan("set", "k", "v"), "SET", ReplyDecoding.NONE, "k", "v", "PX", DEFAULT);
        }

        @Test
        void ttlWithinBounds_isSentUnchanged() {
            assertUnchanged(plan("SET", "k", "v", "EX", "60"), ReplyDecoding.NONE);
            assertUnchanged(plan("SET", "k", "v", "PX", "60000"), ReplyDecoding.NONE);
            assertUnchanged(plan("SET", "k", "v", "px", "10000"), ReplyDecoding.NONE);
            assertUnchanged(plan("SET", "k", "v", "EX", "86400"), ReplyDecoding.NONE);
            assertThat(ttl("default", "kept")).isEqualTo(4);
            assertThat(admitted("default")).isEqualTo(4);
        }

        @Test
        void exAboveMax_isCappedToPxMax() {
            assertRewritten(plan("SET", "k", "v", "EX", "172800"), "SET", ReplyDecoding.NONE, "k", "v", "PX", MAX);
            assertRewritten(
                    plan("SET", "session:1", "v", "ex", "10800"),
                    "SET",
                    ReplyDecoding.NONE,
                    "session:1",
                    "v",
                    "PX",
                    "7200000");
            assertThat(ttl("default", "capped")).isEqualTo(1);
            assertThat(ttl("sessions", "capped")).isEqualTo(1);
        }

        @Test
        void pxBelowMin_isRaised() {
            assertRewritten(plan("SET", "k", "v", "PX", "500"), "SET", ReplyDecoding.NONE, "k", "v", "PX", "10000");
            assertThat(ttl("default", "raised")).isEqualTo(1);
        }

        @Test
        void otherOptions_keepTheirPlaceWhenTheTtlIsCapped() {
            assertRewritten(
                    plan("SET", "k", "v", "NX", "EX", "999999", "GET"),
                    "SET",
                    ReplyDecoding.VALUES,
                    "k",
                    "v",
                    "NX",
                    "PX",
                    MAX,
                    "GET");
        }

        @Test
        void exatAndPxat_areReadAgainstTheClock() {
            assertUnchanged(plan("SET", "k", "v", "EXAT", Long.toString(NOW_S + 600)), ReplyDecoding.NONE);
            assertUnchanged(plan("SET", "k", "v", "PXAT", Long.toString(NOW_MS + 60_000)), ReplyDecoding.NONE);
            assertRewritten(
                    plan("SET", "k", "v", "EXAT", Long.toString(NOW_S + 3 * 86400)),
                    "SET",
                    ReplyDecoding.NONE,
                    "k",
                    "v",
                    "PX",
                    MAX);
            assertRewritten(
                    plan("SET", "k", "v", "PXAT", Long.toString(NOW_MS + 5_000)),
                    "SET",
                    ReplyDecoding.NONE,
                    "k",
                    "v",
                    "PX",
                    "10000");
            assertThat(ttl("default", "kept")).isEqualTo(2);
            assertThat(ttl("default", "capped")).isEqualTo(1);
            assertThat(ttl("default", "raised")).isEqualTo(1);
        }

        @Test
        void pxatInThePast_isSentUnchanged() {
            assertUnchanged(plan("SET", "k", "v", "PXAT", Long.toString(NOW_MS - 1)), ReplyDecoding.NONE);
        }

        /** Regression: an absolute time far in the past wrapped around into the far future and was capped. */
        @Test
        void pxatNearLongMin_isNotWrappedIntoTheFuture() {
            assertUnchanged(plan("SET", "k", "v", "PXAT", "-9223372036854775000"), ReplyDecoding.NONE);
            assertUnchanged(plan("SET", "k", "v", "EXAT", "-9223372036854775"), ReplyDecoding.NONE);
            assertThat(ttl("default", "capped")).isZero();
        }

        @Test
        void nxAndXx_areKept() {
            assertRewritten(plan("SET", "k", "v", "NX"), "SET", ReplyDecoding.NONE, "k", "v", "NX", "PX", DEFAULT);
            assertRewritten(plan("SET", "k", "v", "xx"), "SET", ReplyDecoding.NONE, "k", "v", "xx", "PX", DEFAULT);
            assertUnchanged(plan("SET", "k", "v", "XX", "EX", "60"), ReplyDecoding.NONE);
        }

        @Test
        void getOption_decodesTheReply() {
            assertRewritten(plan("SET", "k", "v", "GET"), "SET", ReplyDecoding.VALUES, "k", "v", "GET", "PX", DEFAULT);
            assertUnchanged(plan("SET", "k", "v", "EX", "60", "get"), ReplyDecoding.VALUES);
        }

        @Test
        void keepTtl_isSentInTheTtlScript() {
            assertRewritten(
                    plan("SET", "k", "v", "KEEPTTL"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "k",
                    "1",
                    DEFAULT,
                    MAX,
                    "SET",
                    "k",
                    "v",
                    "KEEPTTL");
            assertThat(ttl("default", "ensured")).isEqualTo(1);
            assertThat(admitted("default")).isEqualTo(1);
        }

        @Test
        void keepTtlWithGet_isSentInTheTtlScriptAndDecoded() {
            assertRewritten(
                    plan("SET", "session:1", "v", "KEEPTTL", "GET"),
                    "EVAL",
                    ReplyDecoding.VALUES,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "session:1",
                    "1",
                    "1800000",
                    "7200000",
                    "SET",
                    "session:1",
                    "v",
                    "KEEPTTL",
                    "GET");
        }

        @Test
        void unknownOption_isKeptAndSentInTheTtlScript() {
            assertRewritten(
                    plan("SET", "k", "v", "IFEQ", "old"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "k",
                    "1",
                    DEFAULT,
                    MAX,
                    "SET",
                    "k",
                    "v",
                    "IFEQ",
                    "old");
        }

        @Test
        void twoTtlOptionsOrADanglingOne_areSentInTheTtlScriptForTheServerToRefuse() {
            assertThat(plan("SET", "k", "v", "EX", "10", "PX", "10").command()).isEqualTo("EVAL");
            assertThat(plan("SET", "k", "v", "EX").command()).isEqualTo("EVAL");
        }

        @Test
        void ttlThatIsNotANumber_isSentUnchangedForTheServerToRefuse() {
            assertUnchanged(plan("SET", "k", "v", "EX", "soon"), ReplyDecoding.NONE);
            assertUnchanged(plan("SET", "k", "v", "EX", "0"), ReplyDecoding.NONE);
        }

        @Test
        void wrongArity_isSentUnchanged() {
            assertUnchanged(plan("SET", "k"), ReplyDecoding.NONE);
            assertUnchanged(plan("SET"), ReplyDecoding.NONE);
        }

        @Test
        void rejectingRule_refusesAWriteWithoutTtl() {
            assertThatThrownBy(() -> plan("SET", "strict:1", "v"))
                    .isInstanceOf(MissingTtlException.class)
                    .hasMessage(missingTtl("SET", "strict"))
                    .satisfies(e -> {
                        assertThat(((MissingTtlException) e).rule()).isEqualTo("strict");
                        assertThat(((MissingTtlException) e).command()).isEqualTo("SET");
                    });
            assertThat(writes("strict", "rejected", "missing_ttl")).isEqualTo(1);
            assertThat(ttl("strict", "rejected")).isEqualTo(1);
            assertThat(admitted("strict")).isZero();
            assertThat(ttl("strict", "applied")).isZero();
        }

        @Test
        void rejectingRule_admitsAWriteWithTtl() {
            assertUnchanged(plan("SET", "strict:1", "v", "EX", "60"), ReplyDecoding.NONE);
            assertThat(admitted("strict")).isEqualTo(1);
        }

        @Test
        void rejectingDefaults_refuseKeysNoRuleMatches() {
            use(GuardConfig.builder().onMissingTtl(OnMissingTtl.REJECT).build());

            assertThatThrownBy(() -> plan("SET", "k", "v"))
                    .isInstanceOf(MissingTtlException.class)
                    .hasMessage(missingTtl("SET", "default"));
            assertThat(writes("default", "rejected", "missing_ttl")).isEqualTo(1);
        }

        @Test
        void persistentRule_sendsTheWriteUnchangedAndCountsIt() {
            assertUnchanged(plan("SET", "config:a", "v"), ReplyDecoding.NONE);
            assertUnchanged(plan("SET", "config:a", "v", "EX", "999999999"), ReplyDecoding.NONE);
            assertUnchanged(plan("SET", "config:a", "v", "KEEPTTL"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(3);
            assertThat(admitted("config")).isEqualTo(3);
            assertThat(ttl("config", "applied")).isZero();
        }

        @Test
        void noMaxTtl_keepsAnyTtl() {
            use(GuardConfig.defaults());

            assertUnchanged(plan("SET", "k", "v", "EX", "999999999"), ReplyDecoding.NONE);
            assertRewritten(plan("SET", "k", "v"), "SET", ReplyDecoding.NONE, "k", "v", "PX", Long.toString(DAY_MS));
        }
    }

    @Nested
    class SetexFamily {

        @Test
        void withinBounds_isSentUnchanged() {
            assertUnchanged(plan("SETEX", "k", "60", "v"), ReplyDecoding.NONE);
            assertUnchanged(plan("PSETEX", "k", "60000", "v"), ReplyDecoding.NONE);
            assertThat(ttl("default", "kept")).isEqualTo(2);
        }

        @Test
        void aboveMax_becomesPsetexWithTheMax() {
            assertRewritten(plan("SETEX", "k", "172800", "v"), "PSETEX", ReplyDecoding.NONE, "k", MAX, "v");
            assertRewritten(
                    plan("SETEX", "session:1", "10800", "v"),
                    "PSETEX",
                    ReplyDecoding.NONE,
                    "session:1",
                    "7200000",
                    "v");
            assertThat(ttl("default", "capped")).isEqualTo(1);
            assertThat(ttl("sessions", "capped")).isEqualTo(1);
        }

        @Test
        void belowMin_isRaised() {
            assertRewritten(plan("PSETEX", "k", "500", "v"), "PSETEX", ReplyDecoding.NONE, "k", "10000", "v");
            assertRewritten(plan("SETEX", "k", "1", "v"), "PSETEX", ReplyDecoding.NONE, "k", "10000", "v");
        }

        @Test
        void persistentRule_isSentUnchanged() {
            assertUnchanged(plan("SETEX", "config:a", "999999999", "v"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(1);
        }

        @Test
        void badTtlOrArity_isSentUnchanged() {
            assertUnchanged(plan("SETEX", "k", "x", "v"), ReplyDecoding.NONE);
            assertUnchanged(plan("SETEX", "k", "60"), ReplyDecoding.NONE);
            assertUnchanged(plan("SETEX", "k", "0", "v"), ReplyDecoding.NONE);
        }
    }

    @Nested
    class SetnxAndGetset {

        @Test
        void setnx_isWrappedInTheTtlScript() {
            assertRewritten(
                    plan("SETNX", "k", "v"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "k",
                    "1",
                    DEFAULT,
                    MAX,
                    "SETNX",
                    "k",
                    "v");
            assertThat(ttl("default", "applied")).isEqualTo(1);
            assertThat(admitted("default")).isEqualTo(1);
        }

        @Test
        void setnx_underRejectingRule_isRefused() {
            assertThatThrownBy(() -> plan("SETNX", "strict:1", "v"))
                    .isInstanceOf(MissingTtlException.class)
                    .hasMessage(missingTtl("SETNX", "strict"));
        }

        @Test
        void setnx_underPersistentRule_isSentUnchanged() {
            assertUnchanged(plan("SETNX", "config:a", "v"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(1);
        }

        @Test
        void getset_becomesSetGetWithTheDefault() {
            assertRewritten(
                    plan("GETSET", "session:1", "v"),
                    "SET",
                    ReplyDecoding.VALUES,
                    "session:1",
                    "v",
                    "GET",
                    "PX",
                    "1800000");
            assertThat(ttl("sessions", "applied")).isEqualTo(1);
        }

        @Test
        void getset_underRejectingRule_isRefused() {
            assertThatThrownBy(() -> plan("GETSET", "strict:1", "v"))
                    .isInstanceOf(MissingTtlException.class)
                    .hasMessage(missingTtl("GETSET", "strict"));
            assertThat(writes("strict", "rejected", "missing_ttl")).isEqualTo(1);
        }

        @Test
        void getset_underPersistentRule_isSentUnchanged() {
            assertUnchanged(plan("GETSET", "config:a", "v"), ReplyDecoding.VALUES);
        }
    }

    @Nested
    class Getex {

        @Test
        void plainRead_isSentUnchanged() {
            CommandRoute route = guard.route("GETEX");
            assertThat(route.inspectsArguments()).isTrue();
            assertThat(route.replyDecoding()).isEqualTo(ReplyDecoding.VALUES);

            assertUnchanged(plan("GETEX", "k"), ReplyDecoding.VALUES);
            assertUnchanged(plan("GETEX", "strict:1"), ReplyDecoding.VALUES);
            assertThat(admitted("default")).isZero();
        }

        @Test
        void persist_becomesTheDefaultTtl() {
            assertRewritten(plan("GETEX", "k", "PERSIST"), "GETEX", ReplyDecoding.VALUES, "k", "PX", DEFAULT);
            assertRewritten(
                    plan("GETEX", "session:1", "persist"), "GETEX", ReplyDecoding.VALUES, "session:1", "PX", "1800000");
            assertThat(ttl("default", "applied")).isEqualTo(1);
        }

        @Test
        void persist_underRejectingRule_isRefused() {
            assertThatThrownBy(() -> plan("GETEX", "strict:1", "PERSIST"))
                    .isInstanceOf(MissingTtlException.class)
                    .hasMessage(missingTtl("GETEX", "strict"));
        }

        @Test
        void persist_underPersistentRule_isSentUnchanged() {
            assertUnchanged(plan("GETEX", "config:a", "PERSIST"), ReplyDecoding.VALUES);
            assertThat(ttl("config", "persistent")).isEqualTo(1);
        }

        @Test
        void ttlAboveMax_isCapped() {
            assertRewritten(plan("GETEX", "k", "EX", "172800"), "GETEX", ReplyDecoding.VALUES, "k", "PX", MAX);
            assertRewritten(
                    plan("GETEX", "k", "PXAT", Long.toString(NOW_MS + 5_000)),
                    "GETEX",
                    ReplyDecoding.VALUES,
                    "k",
                    "PX",
                    "10000");
            assertThat(ttl("default", "capped")).isEqualTo(1);
            assertThat(ttl("default", "raised")).isEqualTo(1);
        }

        @Test
        void ttlWithinBoundsOrUnreadable_isSentUnchanged() {
            assertUnchanged(plan("GETEX", "k", "EX", "60"), ReplyDecoding.VALUES);
            assertUnchanged(plan("GETEX", "k", "EXAT", Long.toString(NOW_S + 60)), ReplyDecoding.VALUES);
            assertUnchanged(plan("GETEX", "k", "EX", "x"), ReplyDecoding.VALUES);
            assertUnchanged(plan("GETEX", "k", "FOO", "1"), ReplyDecoding.VALUES);
            assertUnchanged(plan("GETEX", "k", "EX"), ReplyDecoding.VALUES);
        }
    }

    @Nested
    class Mset {

        @Test
        void keysUnderDifferentRules_getTheirOwnTtlPairs_persistentKeysDeclaredAfter() {
            assertRewritten(
                    plan("MSET", "session:1", "a", "config:c", "c", "x:1", "b"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "3",
                    "session:1",
                    "x:1",
                    "config:c",
                    "2",
                    "1800000",
                    "7200000",
                    DEFAULT,
                    MAX,
                    "MSET",
                    "session:1",
                    "a",
                    "config:c",
                    "c",
                    "x:1",
                    "b");
            assertThat(ttl("sessions", "applied")).isEqualTo(1);
            assertThat(ttl("default", "applied")).isEqualTo(1);
            assertThat(ttl("config", "persistent")).isEqualTo(1);
            assertThat(admitted("sessions")).isEqualTo(1);
        }

        @Test
        void msetnx_ensuresEveryKey() {
            assertRewritten(
                    plan("MSETNX", "a", "1", "b", "2"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "2",
                    "a",
                    "b",
                    "2",
                    DEFAULT,
                    MAX,
                    DEFAULT,
                    MAX,
                    "MSETNX",
                    "a",
                    "1",
                    "b",
                    "2");
            assertThat(ttl("default", "ensured")).isEqualTo(2);
        }

        @Test
        void onlyPersistentKeys_isSentUnchanged() {
            assertUnchanged(plan("MSET", "config:a", "1", "config:b", "2"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(2);
        }

        @Test
        void aRejectingRuleOnAnyKey_refusesTheWholeWrite() {
            assertThatThrownBy(() -> plan("MSET", "x", "1", "session:1", "2", "strict:1", "3"))
                    .isInstanceOf(MissingTtlException.class)
                    .hasMessage(missingTtl("MSET", "strict"));
            assertThat(writes("strict", "rejected", "missing_ttl")).isEqualTo(1);
            assertThat(admitted("default")).isZero();
            assertThat(ttl("default", "applied")).isZero();
            assertThat(ttl("sessions", "applied")).isZero();
        }

        @Test
        void oddArity_isSentUnchanged() {
            assertUnchanged(plan("MSET", "a", "1", "b"), ReplyDecoding.NONE);
        }

        @Test
        void beyondTheUnpackLimit_isChunkedByPairs() {
            List<String> args = new ArrayList<>();
            for (int i = 0; i < 3500; i++) {
                args.add("k" + i);
                args.add("v" + i);
            }

            CommandPlan plan = plan("MSET", args.toArray(String[]::new));

            assertThat(plan.command()).isEqualTo("EVAL");
            List<String> sent = strings(plan.arguments());
            assertThat(sent.get(0)).isEqualTo(CHUNKED);
            assertThat(sent.get(1)).isEqualTo("3500");
            assertThat(sent.subList(2, 3502)).startsWith("k0", "k1").endsWith("k3499");
            assertThat(sent.get(3502)).isEqualTo("3500");
            assertThat(sent.subList(3503, 3503 + 7000)).containsOnly(DEFAULT, MAX);
            assertThat(sent.subList(10503, 10507)).containsExactly("0", "2", "last", "MSET");
            assertThat(sent.subList(10507, sent.size())).isEqualTo(args);
        }

        /**
         * Regression: the limit counted the TTL pairs as unpacked arguments, so MSETNX was refused from 3,500
         * arguments on, with a message giving a negative limit ("at most -4 arguments").
         */
        @Test
        void msetnxBeyondTheUnpackLimit_isRefusedWithTheRealLimit_andNotCountedAsAdmitted() {
            List<String> args = new ArrayList<>();
            for (int i = 0; i < 3501; i++) {
                args.add("k" + i);
                args.add("v");
            }

            assertThatThrownBy(() -> plan("MSETNX", args.toArray(String[]::new)))
                    .isInstanceOf(IncompatibleWriteException.class)
                    .hasMessage("MSETNX under rule 'default' must have at most 6999 arguments to get its TTL"
                            + " atomically, but had 7002; split it into smaller writes");
            assertThat(writes("default", "rejected", "incompatible")).isEqualTo(1);
            assertThat(admitted("default")).isZero();
            assertThat(ttl("default", "ensured")).isZero();
        }

        @Test
        void msetnxJustBelowTheUnpackLimit_isSentInOneScript() {
            List<String> args = new ArrayList<>();
            for (int i = 0; i < 3499; i++) {
                args.add("k" + i);
                args.add("v");
            }

            CommandPlan plan = plan("MSETNX", args.toArray(String[]::new));

            assertThat(latin1(plan.arguments().get(0))).isEqualTo(WRITE_THEN_EXPIRE);
            assertThat(plan.arguments()).hasSize(2 + 3499 + 1 + 2 * 3499 + 1 + 6998);
        }

        @Test
        void aValueTooLarge_refusesTheWholeWrite() {
            assertThatThrownBy(() -> plan("MSET", "a", "1", "small:1", repeat('x', 2048)))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("MSET", "small", "1KB", 1024, "2KB", 2048));
            assertThat(writes("small", "rejected", "value_too_large")).isEqualTo(1);
            assertThat(admitted("default")).isZero();
        }
    }

    @Nested
    class Ensure {

        @Test
        void hset_isWrappedWithTheKeyFirst() {
            assertRewritten(
                    plan("HSET", "h", "f", "v"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "h",
                    "1",
                    DEFAULT,
                    MAX,
                    "HSET",
                    "h",
                    "f",
                    "v");
            assertThat(ttl("default", "ensured")).isEqualTo(1);
            assertThat(admitted("default")).isEqualTo(1);
        }

        @Test
        void lpush_underARule_carriesTheRulesTtls() {
            assertRewritten(
                    plan("LPUSH", "session:l", "a", "b"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "session:l",
                    "1",
                    "1800000",
                    "7200000",
                    "LPUSH",
                    "session:l",
                    "a",
                    "b");
        }

        @ParameterizedTest
        @ValueSource(strings = {"SADD", "RPUSH", "PFADD", "XADD", "HINCRBY", "INCRBY", "DECRBY", "INCRBYFLOAT"})
        void keyFirstWrites_areWrapped(String command) {
            assertRewritten(
                    plan(command, "key", "a1", "b2"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "key",
                    "1",
                    DEFAULT,
                    MAX,
                    command,
                    "key",
                    "a1",
                    "b2");
        }

        @Test
        void incr_isWrapped() {
            assertRewritten(
                    plan("INCR", "counter"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "counter",
                    "1",
                    DEFAULT,
                    MAX,
                    "INCR",
                    "counter");
        }

        @Test
        void zaddWithOptions_isWrappedWithOptionsInPlace() {
            assertRewritten(
                    plan("ZADD", "z", "NX", "CH", "1", "m"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "z",
                    "1",
                    DEFAULT,
                    MAX,
                    "ZADD",
                    "z",
                    "NX",
                    "CH",
                    "1",
                    "m");
        }

        @Test
        void copy_givesTheDestinationTheTtlAndDeclaresTheSource() {
            assertRewritten(
                    plan("COPY", "src", "session:dst", "REPLACE"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "2",
                    "session:dst",
                    "src",
                    "1",
                    "1800000",
                    "7200000",
                    "COPY",
                    "src",
                    "session:dst",
                    "REPLACE");
            assertThat(ttl("sessions", "ensured")).isEqualTo(1);
        }

        @Test
        void copyToAnotherDatabase_isSentUnchanged() {
            assertUnchanged(plan("COPY", "src", "dst", "DB", "1"), ReplyDecoding.NONE);
            assertUnchanged(plan("COPY", "src", "dst", "REPLACE", "db", "2"), ReplyDecoding.NONE);
        }

        @Test
        void copyToAPersistentKey_isSentUnchanged() {
            assertUnchanged(plan("COPY", "src", "config:dst"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(1);
        }

        @Test
        void rename_givesTheDestinationTheTtl() {
            assertRewritten(
                    plan("RENAME", "old", "new"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "2",
                    "new",
                    "old",
                    "1",
                    DEFAULT,
                    MAX,
                    "RENAME",
                    "old",
                    "new");
        }

        @Test
        void lmove_givesTheDestinationTheTtl() {
            assertThat(strings(plan("LMOVE", "from", "to", "LEFT", "RIGHT").arguments())
                            .subList(1, 4))
                    .containsExactly("2", "to", "from");
        }

        @Test
        void sunionstore_declaresEverySourceKey() {
            assertRewritten(
                    plan("SUNIONSTORE", "d", "a", "b"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "3",
                    "d",
                    "a",
                    "b",
                    "1",
                    DEFAULT,
                    MAX,
                    "SUNIONSTORE",
                    "d",
                    "a",
                    "b");
        }

        @Test
        void zunionstore_declaresNumkeysSourceKeysOnly() {
            assertRewritten(
                    plan("ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "3",
                    "d",
                    "a",
                    "b",
                    "1",
                    DEFAULT,
                    MAX,
                    "ZUNIONSTORE",
                    "d",
                    "2",
                    "a",
                    "b",
                    "WEIGHTS",
                    "1",
                    "2");
        }

        @Test
        void zunionstoreWithBadNumkeys_isSentUnchanged() {
            assertUnchanged(plan("ZUNIONSTORE", "d", "3", "a", "b"), ReplyDecoding.NONE);
            assertUnchanged(plan("ZUNIONSTORE", "d", "0", "a"), ReplyDecoding.NONE);
            assertUnchanged(plan("ZUNIONSTORE", "d", "x", "a"), ReplyDecoding.NONE);
            assertUnchanged(plan("ZUNIONSTORE", "d"), ReplyDecoding.NONE);
        }

        @Test
        void zrangestore_givesTheDestinationTheTtl() {
            assertThat(strings(plan("ZRANGESTORE", "dst", "src", "0", "-1").arguments())
                            .subList(1, 4))
                    .containsExactly("2", "dst", "src");
        }

        @Test
        void bitop_givesTheDestinationTheTtl() {
            assertRewritten(
                    plan("BITOP", "AND", "d", "a", "b"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "3",
                    "d",
                    "a",
                    "b",
                    "1",
                    DEFAULT,
                    MAX,
                    "BITOP",
                    "AND",
                    "d",
                    "a",
                    "b");
            assertUnchanged(plan("BITOP", "NOT", "d"), ReplyDecoding.NONE);
        }

        @Test
        void persistentKey_isSentUnchanged() {
            assertUnchanged(plan("HSET", "config:h", "f", "v"), ReplyDecoding.NONE);
            assertUnchanged(plan("INCR", "config:n"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(2);
            assertThat(admitted("config")).isEqualTo(2);
        }

        @Test
        void rejectingRule_stillEnsuresTheDefault_forWritesThatCannotCarryATtl() {
            assertRewritten(
                    plan("HSET", "strict:h", "f", "v"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "strict:h",
                    "1",
                    DEFAULT,
                    MAX,
                    "HSET",
                    "strict:h",
                    "f",
                    "v");
        }

        @ParameterizedTest
        @ValueSource(strings = {"APPEND", "SETRANGE", "SETBIT", "BITFIELD"})
        void partialWrite_underCompressingRule_isRefused(String command) {
            List<byte[]> args = args("zip:k", "0", "1");

            assertThatThrownBy(() -> guard.plan(guard.route(command), args))
                    .isInstanceOf(IncompatibleWriteException.class)
                    .hasMessage(partialWrite(command, "zip"))
                    .satisfies(e -> {
                        assertThat(((IncompatibleWriteException) e).rule()).isEqualTo("zip");
                        assertThat(((IncompatibleWriteException) e).command()).isEqualTo(command);
                    });
            assertThat(writes("zip", "rejected", "incompatible")).isEqualTo(1);
            assertThat(admitted("zip")).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"APPEND", "SETRANGE", "SETBIT", "BITFIELD"})
        void partialWrite_withoutCompression_isWrapped(String command) {
            assertRewritten(
                    plan(command, "k", "0", "1"),
                    "EVAL",
                    ReplyDecoding.NONE,
                    WRITE_THEN_EXPIRE,
                    "1",
                    "k",
                    "1",
                    DEFAULT,
                    MAX,
                    command,
                    "k",
                    "0",
                    "1");
        }

        @Test
        void wholeValueWrite_underCompressingRule_isAdmitted() {
            assertRewritten(plan("SET", "zip:k", "small"), "SET", ReplyDecoding.NONE, "zip:k", "small", "PX", DEFAULT);
        }
    }

    @Nested
    class Chunking {

        private List<String> members(String command, String key, List<String> prefix, int elements, int stride) {
            List<String> args = new ArrayList<>();
            args.add(key);
            args.addAll(prefix);
            for (int i = 0; i < elements; i++) {
                for (int j = 0; j < stride; j++) {
                    args.add(j == stride - 1 ? "m" + i : Integer.toString(i % 90));
                }
            }
            return args;
        }

        private void assertChunked(
                String command,
                List<String> args,
                String rulesDefault,
                String rulesMax,
                String p,
                String stride,
                String mode) {
            CommandPlan plan = plan(command, args.toArray(String[]::new));

            assertThat(plan.command()).isEqualTo("EVAL");
            assertThat(plan.replyDecoding()).isEqualTo(ReplyDecoding.NONE);
            List<String> sent = strings(plan.arguments());
            assertThat(sent.subList(0, 10))
                    .containsExactly(CHUNKED, "1", args.get(0), "1", rulesDefault, rulesMax, p, stride, mode, command);
            assertThat(sent.subList(10, sent.size())).isEqualTo(args);
        }

        @Test
        void sadd20000Members_isChunkedAndSummed() {
            assertChunked("SADD", members("SADD", "s", List.of(), 20_000, 1), DEFAULT, MAX, "1", "1", "sum");
            assertThat(ttl("default", "ensured")).isEqualTo(1);
        }

        @Test
        void lpush_isChunkedKeepingTheLastReply() {
            assertChunked(
                    "LPUSH", members("LPUSH", "session:l", List.of(), 8000, 1), "1800000", "7200000", "1", "1", "last");
        }

        @Test
        void pfadd_isChunkedKeepingTheLargestReply() {
            assertChunked("PFADD", members("PFADD", "hll", List.of(), 8000, 1), DEFAULT, MAX, "1", "1", "max");
        }

        @Test
        void hset_isChunkedByFieldValuePairs() {
            assertChunked("HSET", members("HSET", "h", List.of(), 5000, 2), DEFAULT, MAX, "1", "2", "sum");
        }

        @Test
        void zaddWithOptions_repeatsTheOptionsInEveryChunk() {
            assertChunked(
                    "ZADD", members("ZADD", "z", List.of("XX", "CH", "GT"), 4000, 2), DEFAULT, MAX, "4", "2", "sum");
        }

        @Test
        void geoadd_isChunkedByTriples() {
            assertChunked("GEOADD", members("GEOADD", "g", List.of("NX"), 3000, 3), DEFAULT, MAX, "2", "3", "sum");
        }

        @Test
        void wrongArity_isSentUnchangedForTheServerToRefuse() {
            List<String> args = members("HSET", "h", List.of(), 4000, 2);
            args.add("dangling");

            assertUnchanged(plan("HSET", args.toArray(String[]::new)), ReplyDecoding.NONE);
        }

        @Test
        void xaddBeyondTheLimit_isRefused_andNotCountedAsAdmitted() {
            List<String> args = members("XADD", "stream", List.of("*"), 3500, 2);
            assertThat(args).hasSize(7002);

            assertThatThrownBy(() -> plan("XADD", args.toArray(String[]::new)))
                    .isInstanceOf(IncompatibleWriteException.class)
                    .hasMessage("XADD under rule 'default' must have at most 6999 arguments to get its TTL"
                            + " atomically, but had 7002; split it into smaller writes");
            assertThat(writes("default", "rejected", "incompatible")).isEqualTo(1);
            assertThat(admitted("default")).isZero();
            assertThat(ttl("default", "ensured")).isZero();
        }

        @Test
        void xaddAtTheLimit_isSentInOneScript() {
            List<String> args = members("XADD", "stream", List.of(), 3499, 2);
            assertThat(args).hasSize(6999);

            CommandPlan plan = plan("XADD", args.toArray(String[]::new));

            assertThat(latin1(plan.arguments().get(0))).isEqualTo(WRITE_THEN_EXPIRE);
            assertThat(admitted("default")).isEqualTo(1);
        }

        @Test
        void sunionstoreBeyondTheLimit_isRefused() {
            List<String> args = members("SUNIONSTORE", "dest", List.of(), 7000, 1);

            assertThatThrownBy(() -> plan("SUNIONSTORE", args.toArray(String[]::new)))
                    .isInstanceOf(IncompatibleWriteException.class)
                    .hasMessage("SUNIONSTORE under rule 'default' must have at most 6999 arguments to get its TTL"
                            + " atomically, but had 7001; split it into smaller writes");
        }
    }

    @Nested
    class Expire {

        @Test
        void withinBounds_isSentUnchanged() {
            assertUnchanged(plan("EXPIRE", "k", "60"), ReplyDecoding.NONE);
            assertUnchanged(plan("PEXPIRE", "k", "60000", "NX"), ReplyDecoding.NONE);
            assertUnchanged(plan("EXPIREAT", "k", Long.toString(NOW_S + 600)), ReplyDecoding.NONE);
            assertUnchanged(plan("PEXPIREAT", "k", Long.toString(NOW_MS + 600_000)), ReplyDecoding.NONE);
            assertThat(ttl("default", "kept")).isEqualTo(4);
            assertThat(admitted("default")).isEqualTo(4);
        }

        @Test
        void aboveMax_becomesPexpireWithTheMax() {
            assertRewritten(plan("EXPIRE", "k", "172800"), "PEXPIRE", ReplyDecoding.NONE, "k", MAX);
            assertRewritten(plan("EXPIRE", "k", "172800", "NX"), "PEXPIRE", ReplyDecoding.NONE, "k", MAX, "NX");
            assertRewritten(
                    plan("EXPIREAT", "k", Long.toString(NOW_S + 3 * 86400)), "PEXPIRE", ReplyDecoding.NONE, "k", MAX);
            assertRewritten(
                    plan("PEXPIREAT", "session:1", Long.toString(NOW_MS + DAY_MS)),
                    "PEXPIRE",
                    ReplyDecoding.NONE,
                    "session:1",
                    "7200000");
            assertThat(ttl("default", "capped")).isEqualTo(3);
            assertThat(ttl("sessions", "capped")).isEqualTo(1);
        }

        @Test
        void belowMin_isRaised() {
            assertRewritten(plan("PEXPIRE", "k", "5"), "PEXPIRE", ReplyDecoding.NONE, "k", "10000");
            assertRewritten(plan("EXPIRE", "k", "1", "GT"), "PEXPIRE", ReplyDecoding.NONE, "k", "10000", "GT");
            assertThat(ttl("default", "raised")).isEqualTo(2);
        }

        @Test
        void zeroNegativeOrPast_isSentUnchanged() {
            assertUnchanged(plan("EXPIRE", "k", "0"), ReplyDecoding.NONE);
            assertUnchanged(plan("EXPIRE", "k", "-5"), ReplyDecoding.NONE);
            assertUnchanged(plan("PEXPIRE", "k", "-1"), ReplyDecoding.NONE);
            assertUnchanged(plan("EXPIREAT", "k", "1"), ReplyDecoding.NONE);
            assertUnchanged(plan("PEXPIREAT", "k", Long.toString(NOW_MS - 1)), ReplyDecoding.NONE);
            assertThat(ttl("default", "raised")).isZero();
        }

        /**
         * Regression: {@code PEXPIREAT k <far past>} deletes the key, but the remaining time overflowed into a huge
         * positive TTL, which was then capped: the key got a TTL instead of being deleted.
         */
        @Test
        void absoluteTimeNearLongMin_isSentUnchanged() {
            assertUnchanged(plan("PEXPIREAT", "k", "-9223372036854775000"), ReplyDecoding.NONE);
            assertUnchanged(plan("EXPIREAT", "k", "-9223372036854775"), ReplyDecoding.NONE);
            assertThat(ttl("default", "capped")).isZero();
        }

        @Test
        void hugeRelativeTtl_isCapped() {
            assertRewritten(plan("EXPIRE", "k", "9223372036854775807"), "PEXPIRE", ReplyDecoding.NONE, "k", MAX);
        }

        @Test
        void persistentRuleOrUnreadableTtl_isSentUnchanged() {
            assertUnchanged(plan("EXPIRE", "config:a", "999999999"), ReplyDecoding.NONE);
            assertUnchanged(plan("EXPIRE", "k", "soon"), ReplyDecoding.NONE);
            assertUnchanged(plan("EXPIRE", "k"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(1);
        }
    }

    @Nested
    class Persist {

        @Test
        void becomesPexpireWithTheDefault() {
            assertRewritten(plan("PERSIST", "k"), "PEXPIRE", ReplyDecoding.NONE, "k", DEFAULT);
            assertRewritten(plan("PERSIST", "session:1"), "PEXPIRE", ReplyDecoding.NONE, "session:1", "1800000");
            assertThat(ttl("default", "applied")).isEqualTo(1);
        }

        @Test
        void underRejectingRule_isRefused() {
            assertThatThrownBy(() -> plan("PERSIST", "strict:1"))
                    .isInstanceOf(MissingTtlException.class)
                    .hasMessage(missingTtl("PERSIST", "strict"));
            assertThat(writes("strict", "rejected", "missing_ttl")).isEqualTo(1);
        }

        @Test
        void underPersistentRule_isSentUnchanged() {
            assertUnchanged(plan("PERSIST", "config:a"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(1);
        }

        @Test
        void wrongArity_isSentUnchanged() {
            assertUnchanged(plan("PERSIST", "a", "b"), ReplyDecoding.NONE);
        }
    }

    @Nested
    class Restore {

        @Test
        void ttlZero_getsTheDefault() {
            assertRewritten(plan("RESTORE", "k", "0", "dump"), "RESTORE", ReplyDecoding.NONE, "k", DEFAULT, "dump");
            assertThat(ttl("default", "applied")).isEqualTo(1);
        }

        @Test
        void ttlZeroWithAbsttl_getsTheDefaultFromNow() {
            assertRewritten(
                    plan("RESTORE", "k", "0", "dump", "REPLACE", "ABSTTL"),
                    "RESTORE",
                    ReplyDecoding.NONE,
                    "k",
                    Long.toString(NOW_MS + 3_600_000),
                    "dump",
                    "REPLACE",
                    "ABSTTL");
        }

        @Test
        void ttlAboveMax_isCapped() {
            assertRewritten(
                    plan("RESTORE", "k", Long.toString(2 * DAY_MS), "dump"),
                    "RESTORE",
                    ReplyDecoding.NONE,
                    "k",
                    MAX,
                    "dump");
            assertRewritten(
                    plan("RESTORE", "k", Long.toString(NOW_MS + 3 * DAY_MS), "dump", "absttl"),
                    "RESTORE",
                    ReplyDecoding.NONE,
                    "k",
                    Long.toString(NOW_MS + DAY_MS),
                    "dump",
                    "absttl");
            assertThat(ttl("default", "capped")).isEqualTo(2);
        }

        @Test
        void ttlBelowMin_isRaised() {
            assertRewritten(plan("RESTORE", "k", "5", "dump"), "RESTORE", ReplyDecoding.NONE, "k", "10000", "dump");
        }

        @Test
        void ttlWithinBoundsOrInThePast_isSentUnchanged() {
            assertUnchanged(plan("RESTORE", "k", "60000", "dump"), ReplyDecoding.NONE);
            assertUnchanged(plan("RESTORE", "k", Long.toString(NOW_MS + 60_000), "dump", "ABSTTL"), ReplyDecoding.NONE);
            assertUnchanged(plan("RESTORE", "k", Long.toString(NOW_MS - 1_000), "dump", "ABSTTL"), ReplyDecoding.NONE);
            assertUnchanged(plan("RESTORE", "k", "-1", "dump"), ReplyDecoding.NONE);
            assertUnchanged(plan("RESTORE", "k", "x", "dump"), ReplyDecoding.NONE);
            assertUnchanged(plan("RESTORE", "k", "0"), ReplyDecoding.NONE);
        }

        @Test
        void ttlZeroUnderRejectingRule_isRefused() {
            assertThatThrownBy(() -> plan("RESTORE", "strict:k", "0", "dump"))
                    .isInstanceOf(MissingTtlException.class)
                    .hasMessage(missingTtl("RESTORE", "strict"));
        }

        @Test
        void persistentRule_isSentUnchanged() {
            assertUnchanged(plan("RESTORE", "config:k", "0", "dump"), ReplyDecoding.NONE);
            assertThat(ttl("config", "persistent")).isEqualTo(1);
        }

        @Test
        void dumpTooLarge_isRefused() {
            assertThatThrownBy(() -> plan("RESTORE", "small:k", "0", repeat('d', 2048)))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("RESTORE", "small", "1KB", 1024, "2KB", 2048));
        }
    }

    @Nested
    class ValueSize {

        @Test
        void setValueAboveTheLimit_isRefused() {
            assertThatThrownBy(() -> plan("SET", "small:k", repeat('x', 1025)))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("SET", "small", "1KB", 1024, "1025B", 1025))
                    .satisfies(e -> {
                        ValueTooLargeException tooLarge = (ValueTooLargeException) e;
                        assertThat(tooLarge.rule()).isEqualTo("small");
                        assertThat(tooLarge.command()).isEqualTo("SET");
                        assertThat(tooLarge.size()).isEqualTo(1025);
                        assertThat(tooLarge.limit()).isEqualTo(1024);
                    });
            assertThat(writes("small", "rejected", "value_too_large")).isEqualTo(1);
            assertThat(admitted("small")).isZero();
        }

        @Test
        void refusedOversizedWrites_countNoTtlAction() {
            String big = repeat('x', 1025);

            assertThatThrownBy(() -> plan("SET", "small:a", big)).isInstanceOf(ValueTooLargeException.class);
            assertThatThrownBy(() -> plan("SET", "small:b", big, "EX", "100"))
                    .isInstanceOf(ValueTooLargeException.class);
            assertThatThrownBy(() -> plan("SETEX", "small:c", "100", big)).isInstanceOf(ValueTooLargeException.class);
            assertThatThrownBy(() -> plan("SETNX", "small:d", big)).isInstanceOf(ValueTooLargeException.class);
            assertThatThrownBy(() -> plan("GETSET", "small:e", big)).isInstanceOf(ValueTooLargeException.class);
            assertThatThrownBy(() -> plan("RESTORE", "small:f", "0", big)).isInstanceOf(ValueTooLargeException.class);

            assertThat(writes("small", "rejected", "value_too_large")).isEqualTo(6);
            for (String action : List.of("applied", "kept", "capped", "raised")) {
                assertThat(ttl("small", action)).as(action).isZero();
            }
        }

        @Test
        void restoreWithoutTtl_underPersistentRuleAndRejectingDefaults_isAdmittedUnchanged() {
            use(GuardConfig.builder()
                    .onMissingTtl(OnMissingTtl.REJECT)
                    .rule(KeyRule.persistent("config:*"))
                    .build());

            assertUnchanged(plan("RESTORE", "config:k", "0", "payload"), ReplyDecoding.NONE);
        }

        @Test
        void setValueAtTheLimit_isAdmitted() {
            String value = repeat('x', 1024);

            assertRewritten(plan("SET", "small:k", value), "SET", ReplyDecoding.NONE, "small:k", value, "PX", DEFAULT);
        }

        @Test
        void setValueAboveTheDefaultLimit_isRefused() {
            int eightMegabytes = 8 * 1024 * 1024;
            List<byte[]> args = List.of("k".getBytes(StandardCharsets.US_ASCII), new byte[eightMegabytes + 1]);

            assertThatThrownBy(() -> guard.plan(guard.route("SET"), args))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("SET", "default", "8MB", eightMegabytes, "8388609B", eightMegabytes + 1));
        }

        @Test
        void setexAndGetsetValues_areChecked() {
            assertThatThrownBy(() -> plan("SETEX", "small:k", "60", repeat('x', 2048)))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("SETEX", "small", "1KB", 1024, "2KB", 2048));
            assertThatThrownBy(() -> plan("GETSET", "small:k", repeat('x', 2048)))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("GETSET", "small", "1KB", 1024, "2KB", 2048));
        }

        @Test
        void hsetValueAboveTheLimit_isRefused_butLargeFieldNamesAreNotValues() {
            assertThatThrownBy(() -> plan("HSET", "small:h", "f1", "ok", "f2", repeat('x', 2048)))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("HSET", "small", "1KB", 1024, "2KB", 2048));
            assertThat(plan("HSET", "small:h", repeat('f', 2048), "ok").command())
                    .isEqualTo("EVAL");
        }

        @Test
        void lpushElementAboveTheLimit_isRefused() {
            assertThatThrownBy(() -> plan("LPUSH", "small:l", "a", repeat('x', 1500)))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("LPUSH", "small", "1KB", 1024, "1500B", 1500));
            assertThat(writes("small", "rejected", "value_too_large")).isEqualTo(1);
            assertThat(ttl("small", "ensured")).isZero();
        }

        @Test
        void persistentRule_stillChecksSize() {
            use(GuardConfig.builder()
                    .rule(KeyRule.builder("config:*")
                            .name("config")
                            .persistent(true)
                            .maxValueSize(DataSize.ofBytes(10))
                            .build())
                    .build());

            assertThatThrownBy(() -> plan("SET", "config:a", "01234567890"))
                    .isInstanceOf(ValueTooLargeException.class)
                    .hasMessage(tooLarge("SET", "config", "10B", 10, "11B", 11));
        }

        @Test
        void missingTtlIsDecidedBeforeSize() {
            use(GuardConfig.builder()
                    .rule(KeyRule.builder("strict:*")
                            .name("strict")
                            .onMissingTtl(OnMissingTtl.REJECT)
                            .maxValueSize(DataSize.ofBytes(1))
                            .build())
                    .build());

            assertThatThrownBy(() -> plan("SET", "strict:a", "too large")).isInstanceOf(MissingTtlException.class);
        }
    }

    @Nested
    class Jitter {

        @BeforeEach
        void jittered() {
            use(GuardConfig.builder()
                    .defaultTtl(Duration.ofSeconds(100))
                    .jitter(0.5)
                    .rule(KeyRule.builder("exact:*").jitter(0.0).build())
                    .build());
        }

        @Test
        void defaultTtls_fallWithinTheJitterBand() {
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < 2000; i++) {
                CommandPlan set = plan("SET", "k", "v");
                seen.add(Long.parseLong(latin1(set.arguments().get(3))));
                CommandPlan hset = plan("HSET", "h", "f", "v");
                seen.add(Long.parseLong(latin1(hset.arguments().get(4))));
                CommandPlan persist = plan("PERSIST", "k");
                seen.add(Long.parseLong(latin1(persist.arguments().get(1))));
            }

            assertThat(seen).allSatisfy(ttl -> assertThat(ttl).isBetween(50_000L, 100_000L));
            assertThat(seen).as("jitter spreads the TTLs").hasSizeGreaterThan(100);
        }

        @Test
        void requestedTtls_areNeverJittered() {
            for (int i = 0; i < 100; i++) {
                assertUnchanged(plan("SET", "k", "v", "EX", "100"), ReplyDecoding.NONE);
            }
        }

        @Test
        void ruleWithoutJitter_overridesTheDefaultsJitter() {
            for (int i = 0; i < 100; i++) {
                assertRewritten(plan("SET", "exact:k", "v"), "SET", ReplyDecoding.NONE, "exact:k", "v", "PX", "100000");
            }
        }
    }

    @Nested
    class Routes {

        @Test
        void unknownCommand_passesThroughAndIsCountedOnEveryCall() {
            CommandRoute route = guard.route("JSON.SET");

            assertThat(route.known()).isFalse();
            assertThat(route.inspectsArguments()).isFalse();
            assertThat(route.replyDecoding()).isEqualTo(ReplyDecoding.NONE);
            assertThat(route.name()).isEqualTo("JSON.SET");
            guard.route("JSON.SET");
            guard.route("JSON.SET");
            assertThat(unknown("JSON.SET")).isEqualTo(3);
            assertUnchanged(guard.plan(route, args("k", "$", "{}")), ReplyDecoding.NONE);
        }

        /** Regression: the name of an unknown route kept the caller's case, and each case had its own meter. */
        @Test
        void unknownCommand_inAnyCase_isOneUpperCaseRouteAndMeter() {
            assertThat(guard.route("json.set").name()).isEqualTo("JSON.SET");
            guard.route("Json.Set");
            guard.route("JSON.SET");

            assertThat(unknown("JSON.SET")).isEqualTo(3);
            assertThat(registry.find("redis.guard.commands.unknown").counters()).hasSize(1);
        }

        @Test
        void knownCommands_areNotCountedAsUnknown() {
            guard.route("GET");
            guard.route("set");

            assertThat(registry.find("redis.guard.commands.unknown").counters()).isEmpty();
        }

        private double unknown(String command) {
            Counter counter = registry.find("redis.guard.commands.unknown")
                    .tag("command", command)
                    .counter();
            assertThat(counter).as("counter for %s", command).isNotNull();
            return counter.count();
        }

        @ParameterizedTest
        @ValueSource(strings = {"GET", "MGET", "HGET", "HMGET", "HVALS", "get"})
        void valueReads_decodeEveryValueAndAreNotInspected(String command) {
            CommandRoute route = guard.route(command);

            assertThat(route.known()).isTrue();
            assertThat(route.inspectsArguments()).isFalse();
            assertThat(route.replyDecoding()).isEqualTo(ReplyDecoding.VALUES);
            assertThat(route.name()).isEqualTo(command.toUpperCase(Locale.ROOT));
        }

        @Test
        void hgetall_decodesMapValues() {
            CommandRoute route = guard.route("HGETALL");

            assertThat(route.inspectsArguments()).isFalse();
            assertThat(route.replyDecoding()).isEqualTo(ReplyDecoding.MAP_VALUES);
        }

        @Test
        void lrange_decodesNothing() {
            CommandRoute route = guard.route("LRANGE");

            assertThat(route.inspectsArguments()).isFalse();
            assertThat(route.replyDecoding()).isEqualTo(ReplyDecoding.NONE);
        }

        @Test
        void getdel_decodesValuesAndIsNotInspected() {
            CommandRoute route = guard.route("GETDEL");

            assertThat(route.known()).isTrue();
            assertThat(route.inspectsArguments()).isFalse();
            assertThat(route.replyDecoding()).isEqualTo(ReplyDecoding.VALUES);
        }

        @Test
        void freeingWrites_areNotInspected() {
            for (String command : List.of("DEL", "UNLINK", "HDEL", "LPOP", "SREM", "ZREM", "XTRIM")) {
                assertThat(guard.route(command).inspectsArguments()).as(command).isFalse();
            }
        }

        @Test
        void readRoutePassedToPlan_isUnchanged() {
            assertUnchanged(guard.plan(guard.route("GET"), args("k")), ReplyDecoding.VALUES);
            assertUnchanged(guard.plan(guard.route("HGETALL"), args("k")), ReplyDecoding.MAP_VALUES);
        }

        @Test
        void noArguments_isUnchanged() {
            assertUnchanged(guard.plan(guard.route("HSET"), List.of()), ReplyDecoding.NONE);
            assertUnchanged(guard.plan(guard.route("GETSET"), List.of()), ReplyDecoding.VALUES);
        }

        @Test
        void foreignRoute_isRejected() {
            CommandRoute foreign = new CommandRoute() {
                @Override
                public String name() {
                    return "SET";
                }

                @Override
                public boolean inspectsArguments() {
                    return true;
                }

                @Override
                public ReplyDecoding replyDecoding() {
                    return ReplyDecoding.NONE;
                }

                @Override
                public boolean known() {
                    return true;
                }

                @Override
                public String toString() {
                    return "ForeignRoute";
                }
            };

            assertThatIllegalArgumentException()
                    .isThrownBy(() -> guard.plan(foreign, args("k", "v")))
                    .withMessage("route must come from this guard's route(String), but was ForeignRoute");
        }

        @Test
        void routesOfTwoGuards_areInterchangeable() {
            CommandGuard other = RedisGuard.builder(GuardConfig.defaults())
                    .meterRegistry(new SimpleMeterRegistry())
                    .build()
                    .commandGuard();

            assertRewritten(
                    guard.plan(other.route("SET"), args("k", "v")), "SET", ReplyDecoding.NONE, "k", "v", "PX", DEFAULT);
        }
    }

    @Test
    void plan_argumentsOfRewrittenPlans_areBytesAsGiven() {
        byte[] key = {'k', (byte) 0xFF, 0};
        byte[] value = {(byte) 0x80, 1, 2};

        CommandPlan plan = guard.plan(guard.route("SET"), new ArrayList<>(List.of(key, value)));

        assertThat(plan.arguments().get(0)).isSameAs(key);
        assertThat(plan.arguments().get(1)).isSameAs(value);
        assertThat(Arrays.equals(plan.arguments().get(3), DEFAULT.getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
    }
}
