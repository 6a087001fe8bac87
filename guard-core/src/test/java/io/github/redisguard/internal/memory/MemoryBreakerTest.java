/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import io.github.redisguard.DataSize;
import io.github.redisguard.GuardConfig;
import io.github.redisguard.KeyRule;
import io.github.redisguard.WriteShedException;
import io.github.redisguard.internal.GuardMetrics;
import io.github.redisguard.internal.ResolvedRule;
import io.github.redisguard.internal.RuleFixtures;
import io.github.redisguard.internal.Tally;
import io.github.redisguard.memory.FailMode;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.MemorySample;
import io.github.redisguard.memory.ShedAction;
import io.github.redisguard.memory.ShedClass;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The breaker's decisions, driven by hand: samples and OOM replies in, a recording listener and the guard's meters
 * out. The limit is 1.5 MB and the overhead factor 1.5 (no per-write overhead), so {@link #bytes(double)} of a share of the limit
 * is that share times 1,000,000 and {@link #used(double)} that share times 1,500,000.
 */
class MemoryBreakerTest {

    static final String NODE = "10.0.0.1:6379";

    static final long LIMIT = 1_500_000;

    static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private SimpleMeterRegistry registry;

    private List<ResolvedRule> rules;

    private RecordingListener listener;

    private MemoryBreaker breaker;

    /** The breaker's clock, moved by hand. */
    private long nanoTime = 1_000_000_000L;

    @BeforeEach
    void setUp() {
        use(config().build());
    }

    /**
     * cache (low, drop), feed (low, throw), sessions (normal by default, throw), orders (critical, throw), and the
     * default rule (normal, throw).
     */
    private void use(MemoryConfig memory) {
        GuardConfig config = GuardConfig.builder()
                .rule(KeyRule.builder("cache:*")
                        .name("cache")
                        .shedClass("low")
                        .onShed(ShedAction.DROP)
                        .build())
                .rule(KeyRule.builder("feed:*").name("feed").shedClass("low").build())
                .rule(KeyRule.builder("session:*").name("sessions").build())
                .rule(KeyRule.builder("order:*")
                        .name("orders")
                        .shedClass("critical")
                        .build())
                .memory(memory)
                .build();
        registry = new SimpleMeterRegistry();
        rules = RuleFixtures.rules(config);
        listener = new RecordingListener(memory.shedClasses());
        breaker = new MemoryBreaker(memory, rules, new GuardMetrics(registry, rules), listener, () -> nanoTime);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers

    /** Records what the breaker tells its monitor, class names instead of indexes. */
    static final class RecordingListener implements MemoryBreaker.Listener {

        final List<String> transitions = new ArrayList<>();

        int samplesAsked;

        private final List<ShedClass> classes;

        RecordingListener(List<ShedClass> classes) {
            this.classes = classes;
        }

        @Override
        public void transition(int shedClass, boolean shedding) {
            transitions.add(classes.get(shedClass).name() + (shedding ? " opened" : " closed"));
        }

        @Override
        public void sampleNow() {
            samplesAsked++;
        }
    }

    /** The overhead factor of these tests; they set no per-write overhead, except where they test it. */
    static final double FACTOR = 1.5;

    /** The defaults, but the estimate weighs a write as its bytes x {@link #FACTOR}, nothing added per write. */
    static MemoryConfig.Builder config() {
        return MemoryConfig.builder().overheadFactor(FACTOR).writeOverhead(DataSize.ofBytes(0));
    }

    /** The payload bytes whose weight (x1.5) is {@code share} of the limit. */
    static long bytes(double share) {
        return Math.round(share * LIMIT / FACTOR);
    }

    /** The used_memory that is {@code share} of the limit. */
    static long used(double share) {
        return Math.round(share * LIMIT);
    }

    static MemorySample sample(long usedMemory, long maxmemory, long totalSystemMemory) {
        return new MemorySample(
                NODE,
                Instant.parse("2026-03-01T12:00:00Z"),
                usedMemory,
                maxmemory,
                totalSystemMemory,
                "noeviction",
                1.08,
                0);
    }

    /** A sample at {@code share} of the limit, requested now. */
    private long sampleAt(double share) {
        return breaker.onSample(sample(used(share), LIMIT, 16_000_000_000L), breaker.request());
    }

    private Tally tally(String... ruleNames) {
        ResolvedRule[] resolved = new ResolvedRule[ruleNames.length];
        for (int i = 0; i < ruleNames.length; i++) {
            resolved[i] = RuleFixtures.rule(rules, ruleNames[i]);
        }
        return RuleFixtures.tally(resolved);
    }

    /** A write of {@code share} of the limit (weighted) to one key under {@code rule}. */
    private boolean write(String rule, double share) {
        boolean sent = breaker.admit(tally(rule), bytes(share));
        if (sent) {
            breaker.completed(bytes(share), null); // answered: no longer in flight
        }
        return sent;
    }

    /** Admits a write of {@code share} of the limit and leaves it in flight (sent, not answered yet). */
    private boolean send(String rule, double share) {
        return breaker.admit(tally(rule), bytes(share));
    }

    /** Whether a one-byte write under {@code rule} goes out: false when it is dropped or thrown. */
    private boolean admits(String rule) {
        try {
            return breaker.admit(tally(rule), 1);
        } catch (WriteShedException e) {
            return false;
        }
    }

    private WriteShedException shedOf(String rule, double share) {
        Throwable thrown = catchThrowable(() -> write(rule, share));
        assertThat(thrown).isInstanceOf(WriteShedException.class);
        return (WriteShedException) thrown;
    }

    private Set<String> open() {
        Set<String> open = new TreeSet<>();
        List<ShedClass> classes = breaker.classes();
        for (int i = 0; i < classes.size(); i++) {
            if (breaker.shedding(i)) {
                open.add(classes.get(i).name());
            }
        }
        return open;
    }

    private double shedCount(String shedClass, String reason, String action) {
        return registry.get(GuardMetrics.SHED)
                .tag("class", shedClass)
                .tag("reason", reason)
                .tag("action", action)
                .counter()
                .count();
    }

    private double writeCount(String rule, String outcome, String reason) {
        return registry.get(GuardMetrics.WRITES)
                .tag("rule", rule)
                .tag("outcome", outcome)
                .tag("reason", reason)
                .counter()
                .count();
    }

    private double totalShed() {
        return registry.find(GuardMetrics.SHED).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class BeforeTheFirstSample {

        @Test
        void everyWrite_isAdmitted_whateverItsSize() {
            for (String rule : List.of("cache", "feed", "sessions", "orders", "default")) {
                assertThat(breaker.admit(tally(rule), 10 * LIMIT)).as(rule).isTrue();
            }

            assertThat(breaker.limit()).isZero();
            assertThat(breaker.ratio()).isNaN();
            assertThat(breaker.lastSample()).isNull();
            assertThat(open()).isEmpty();
            assertThat(listener.transitions).isEmpty();
            assertThat(listener.samplesAsked).isZero();
            assertThat(totalShed()).isZero();
        }
    }

    @Nested
    class Estimate {

        @Test
        void sampleBelowEveryThreshold_admitsEveryClass() {
            assertThat(sampleAt(0.50)).isEqualTo(LIMIT);

            for (String rule : List.of("cache", "feed", "sessions", "orders", "default")) {
                assertThat(write(rule, 0.01)).as(rule).isTrue();
            }
            assertThat(open()).isEmpty();
            assertThat(listener.transitions).isEmpty();
            assertThat(breaker.ratio()).isCloseTo(0.55, within(1e-9));
        }

        @Test
        void admittedBytes_countTimesTheOverheadFactor() {
            sampleAt(0.50);

            assertThat(breaker.admit(tally("orders"), 10_000)).isTrue();
            breaker.completed(10_000, null);

            assertThat(breaker.estimate()).isEqualTo(750_000 + 15_000);
            assertThat(breaker.lastSample().usedMemory()).isEqualTo(750_000);
        }

        @Test
        void writesInFlight_countTwice_untilAnswered_asTheyAlsoSitInTheServersQueryBuffer() {
            sampleAt(0.50);

            breaker.admit(tally("orders"), 10_000); // a pipeline of two, sent, not answered yet
            breaker.admit(tally("orders"), 10_000);

            assertThat(breaker.estimate()).isEqualTo(750_000 + 30_000 + 30_000);

            breaker.completed(10_000, null);
            breaker.completed(10_000, null);

            assertThat(breaker.estimate()).isEqualTo(750_000 + 30_000);
        }

        @Test
        void writesInFlight_takePartInTheDecision_soAPipelineCannotOvershootByItsOwnSize() {
            sampleAt(0.80);
            assertThat(send("orders", 0.02)).isTrue(); // 0.82 stored, + 0.02 in flight
            assertThat(open()).isEmpty();

            assertThat(send("orders", 0.02)).isTrue(); // 0.84 + 0.02 in flight (this write's own not doubled)

            assertThat(open()).containsExactly("low");
            assertThat(breaker.ratio()).isCloseTo(0.88, within(1e-9));
        }

        @Test
        void eachWrite_addsItsBytesTimesTheFactor_plusTheWriteOverhead() {
            use(config().writeOverhead(DataSize.ofBytes(100)).build());
            sampleAt(0.50);

            breaker.admit(tally("orders"), 10_000);
            breaker.admit(tally("orders"), 0);
            breaker.completed(10_000, null);
            breaker.completed(0, null);

            assertThat(breaker.estimate()).isEqualTo(750_000 + 15_000 + 100 + 100);
        }

        @Test
        void overheadFactorOfOne_countsThePayloadAsIs() {
            use(config().overheadFactor(1.0).build());
            sampleAt(0.50);

            breaker.admit(tally("orders"), 10_000);
            breaker.completed(10_000, null);

            assertThat(breaker.estimate()).isEqualTo(750_000 + 10_000);
        }

        @Test
        void writesCompletedBeforeTheRequest_areInTheSample_andNotCountedTwice() {
            sampleAt(0.50);
            write("orders", 0.10); // sent and answered

            breaker.onSample(sample(used(0.60), LIMIT, 0), breaker.request());

            assertThat(breaker.estimate()).isEqualTo(used(0.60));
        }

        @Test
        void writesInFlightAtTheRequest_areCountedOnTop_soTheEstimateErrsHigh() {
            sampleAt(0.50);
            send("orders", 0.05); // sent, not completed when the next sample is requested
            MemoryBreaker.Request request = breaker.request();
            breaker.completed(bytes(0.05), null); // completes while the sample is on its way

            breaker.onSample(sample(used(0.55), LIMIT, 0), request); // the server already holds the write

            assertThat(breaker.ratio()).isCloseTo(0.60, within(1e-9));
        }

        @Test
        void writeCrossingTheLowThreshold_opensOnlyLow_andWritesOfOtherClassesStillPass() {
            sampleAt(0.84);

            assertThat(write("sessions", 0.02)).isTrue(); // 0.86: the normal class write itself passes

            assertThat(listener.transitions).containsExactly("low opened");
            assertThat(open()).containsExactly("low");
            assertThat(write("cache", 0.0001)).isFalse();
            assertThatThrownBy(() -> write("feed", 0.0001)).isInstanceOf(WriteShedException.class);
            assertThat(write("sessions", 0.0001)).isTrue();
            assertThat(write("default", 0.0001)).isTrue();
            assertThat(write("orders", 0.0001)).isTrue();
            assertThat(listener.transitions).containsExactly("low opened");
        }

        @Test
        void writesAddingUpToAThreshold_openItsClassAtTheWriteThatReachesIt() {
            sampleAt(0.80);
            for (int i = 1; i <= 4; i++) {
                write("orders", 0.01);
                assertThat(open()).as("after %d writes", i).isEmpty();
            }

            write("orders", 0.01); // 0.85 exactly

            assertThat(open()).containsExactly("low");
            assertThat(breaker.ratio()).isEqualTo(0.85);
        }

        @ParameterizedTest(name = "sample at {0}: open {1}")
        @CsvSource({
            "0.10, ''",
            "0.849, ''",
            "0.85, low",
            "0.919, low",
            "0.92, low normal",
            "0.969, low normal",
            "0.97, critical low normal",
            "1.20, critical low normal"
        })
        void eachClass_opensAtItsOwnThreshold(double share, String expected) {
            sampleAt(share);

            Set<String> open = open();
            assertThat(String.join(" ", open)).isEqualTo(expected);
            assertThat(admits("cache")).isEqualTo(!open.contains("low"));
            assertThat(admits("feed")).isEqualTo(!open.contains("low"));
            assertThat(admits("sessions")).isEqualTo(!open.contains("normal"));
            assertThat(admits("default")).isEqualTo(!open.contains("normal"));
            assertThat(admits("orders")).isEqualTo(!open.contains("critical"));
        }

        @Test
        void eachClass_opensOnItsOwnWrite_inThresholdOrder() {
            sampleAt(0.80);

            write("orders", 0.06); // 0.86
            write("orders", 0.07); // 0.93
            write("orders", 0.0399); // 0.9699
            assertThat(listener.transitions).containsExactly("low opened", "normal opened");

            // 0.97: the critical write that reaches its own threshold is shed, and opens its class
            assertThatThrownBy(() -> write("orders", 0.0001)).isInstanceOf(WriteShedException.class);

            assertThat(listener.transitions).containsExactly("low opened", "normal opened", "critical opened");
            assertThat(breaker.ratio()).isCloseTo(0.9699, within(1e-9));
        }
    }

    @Nested
    class ShedWrites {

        @Test
        void aShedWrite_addsNothingToTheEstimate_norToTheTrigger() {
            sampleAt(0.86);
            long before = breaker.estimate();

            for (int i = 0; i < 10; i++) {
                assertThat(write("cache", 0.01)).isFalse();
            }

            assertThat(breaker.estimate()).isEqualTo(before);
            assertThat(listener.samplesAsked).isZero();
        }

        @Test
        void aWriteThatWouldReachItsOwnThreshold_isShed_opensItsClass_andAsksForASample() {
            sampleAt(0.84);

            WriteShedException shed = shedOf("feed", 0.02);

            assertThat(shed.reason()).isEqualTo(WriteShedException.Reason.MEMORY);
            assertThat(shed.ratio()).isCloseTo(0.86, within(1e-9));
            assertThat(open()).containsExactly("low");
            assertThat(breaker.ratio()).isCloseTo(0.84, within(1e-9));
            assertThat(listener.samplesAsked).isOne();
        }

        /**
         * Regression: the write's bytes opened every class they reached before the write was shed, so a low write at
         * 0.905 that would have reached 0.925 opened normal, and hysteresis kept normal open until memory fell below
         * 0.89, though it never reached 0.92.
         */
        @Test
        void aShedWrite_neverOpensAClassThatShedsLaterThanItsOwn() {
            sampleAt(0.905);
            assertThat(open()).containsExactly("low");

            assertThat(write("cache", 0.02)).isFalse();

            assertThat(open()).containsExactly("low");
            assertThat(listener.transitions).containsExactly("low opened");
            assertThat(write("sessions", 0.001)).isTrue();
            sampleAt(0.905);
            assertThat(open()).containsExactly("low");
        }

        /**
         * Regression: a write shed on its own bytes opened classes without asking for a sample, so they stayed open
         * until the sample scheduled far below the thresholds (up to the longest interval) though memory had not moved.
         */
        @Test
        void aHugeWriteFromFarBelow_isShed_andTheClassesItOpened_closeAtTheSampleItAskedFor() {
            sampleAt(0.50);

            assertThatThrownBy(() -> write("orders", 0.60)).isInstanceOf(WriteShedException.class);

            assertThat(open()).containsExactly("critical", "low", "normal");
            assertThat(listener.samplesAsked).isOne();
            assertThat(breaker.nextDelayMillis()).isEqualTo(20);
            sampleAt(0.50);
            assertThat(open()).isEmpty();
            assertThat(write("orders", 0.01)).isTrue();
        }
    }

    @Nested
    class Hysteresis {

        @Test
        void sampleWithinTheHysteresisBelowTheThreshold_keepsTheClassOpen_oneBelowItClosesIt() {
            sampleAt(0.86);
            assertThat(open()).containsExactly("low");

            sampleAt(0.83);
            sampleAt(0.821);
            assertThat(open()).containsExactly("low");
            assertThat(write("cache", 0.0001)).isFalse();
            assertThat(listener.transitions).containsExactly("low opened");

            sampleAt(0.81);

            assertThat(open()).isEmpty();
            assertThat(listener.transitions).containsExactly("low opened", "low closed");
            assertThat(write("cache", 0.0001)).isTrue();
        }

        @Test
        void eachClass_closesBelowItsOwnThresholdMinusHysteresis() {
            sampleAt(0.98);
            listener.transitions.clear();

            sampleAt(0.95);
            assertThat(open()).containsExactly("critical", "low", "normal");
            sampleAt(0.93);
            assertThat(open()).containsExactly("low", "normal");
            sampleAt(0.88);
            assertThat(open()).containsExactly("low");
            sampleAt(0.81);
            assertThat(open()).isEmpty();

            assertThat(listener.transitions).containsExactly("critical closed", "normal closed", "low closed");
        }

        @Test
        void noHysteresis_closesJustBelowTheThreshold() {
            use(config().hysteresis(0).build());
            sampleAt(0.86);

            sampleAt(0.849);

            assertThat(open()).isEmpty();
        }

        @Test
        void completedWrites_doNotCloseAClass_onlyASampleDoes() {
            sampleAt(0.86);
            long before = breaker.estimate();

            breaker.completed(bytes(0.50), null);

            assertThat(open()).containsExactly("low");
            assertThat(breaker.estimate()).isEqualTo(before);
        }
    }

    @Nested
    class OomReplies {

        @Test
        void oomReply_opensEveryClass_liftsTheEstimateToTheLimit_andAsksForASample() {
            sampleAt(0.50);

            breaker.completed(bytes(0.001), OOM);

            assertThat(listener.transitions).containsExactly("low opened", "normal opened", "critical opened");
            assertThat(open()).containsExactly("critical", "low", "normal");
            assertThat(breaker.ratio()).isGreaterThanOrEqualTo(1.0);
            assertThat(listener.samplesAsked).isOne();
        }

        @Test
        void afterAnOomReply_writesAreShedWithReasonOom() {
            sampleAt(0.50);
            breaker.completed(bytes(0.001), OOM);

            WriteShedException shed = shedOf("orders", 0.0001);

            assertThat(shed.reason()).isEqualTo(WriteShedException.Reason.OOM);
            assertThat(shed.getMessage()).contains("Redis answered OOM");
            assertThat(shedCount("critical", "oom", "thrown")).isOne();
            assertThat(writeCount("orders", "shed", "oom")).isOne();
            assertThat(write("cache", 0.0001)).isFalse();
            assertThat(shedCount("low", "oom", "dropped")).isOne();
        }

        @Test
        void oomReply_whileNoLimitIsKnown_shedsForMaxSampleInterval_thenWritesTryAgain() {
            // No sample ever (INFO denied, say): nothing but the OOM reply says memory is short.
            assertThat(write("orders", 0.0001)).isTrue();
            breaker.completed(bytes(0.001), OOM);

            assertThat(shedOf("orders", 0.0001).reason()).isEqualTo(WriteShedException.Reason.OOM);
            nanoTime += MemoryConfig.DEFAULT_MAX_SAMPLE_INTERVAL.toNanos() - 1;
            assertThat(write("cache", 0.0001)).isFalse();

            nanoTime += 1;

            assertThat(write("orders", 0.0001)).isTrue();
            assertThat(open()).isEmpty();
            assertThat(listener.transitions)
                    .endsWith("low closed", "normal closed", "critical closed")
                    .hasSize(6);

            breaker.completed(bytes(0.001), OOM); // the next OOM holds again
            assertThat(shedOf("orders", 0.0001).reason()).isEqualTo(WriteShedException.Reason.OOM);
        }

        @Test
        void sampleRequestedBeforeTheOom_doesNotClearIt_oneRequestedAfterDoes() {
            sampleAt(0.50);
            MemoryBreaker.Request before = breaker.request();
            breaker.completed(bytes(0.001), OOM);

            breaker.onSample(sample(used(0.50), LIMIT, 0), before);

            assertThat(open()).containsExactly("critical", "low", "normal");
            assertThat(shedOf("orders", 0.0001).reason()).isEqualTo(WriteShedException.Reason.OOM);

            breaker.onSample(sample(used(0.50), LIMIT, 0), breaker.request());

            assertThat(open()).isEmpty();
            assertThat(write("orders", 0.0001)).isTrue();
            assertThat(write("cache", 0.0001)).isTrue();
            assertThat(listener.transitions)
                    .endsWith("low closed", "normal closed", "critical closed")
                    .hasSize(6);
        }

        @Test
        void sampleAfterTheOom_stillAboveAThreshold_keepsThatClassOpen_nowForMemory() {
            sampleAt(0.50);
            breaker.completed(bytes(0.001), OOM);

            sampleAt(0.90);

            assertThat(open()).containsExactly("low", "normal");
            assertThat(shedOf("feed", 0.0001).reason()).isEqualTo(WriteShedException.Reason.MEMORY);
            assertThat(write("orders", 0.0001)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "ERR value is not an integer or out of range",
                    "WRONGTYPE Operation against a key holding the wrong kind of value",
                    "BOOM",
                    "READONLY You can't write against a read only replica."
                })
        void otherErrors_doNotTripTheBreaker(String error) {
            sampleAt(0.50);

            breaker.completed(100, error);
            breaker.completed(100, null);

            assertThat(open()).isEmpty();
            assertThat(listener.transitions).isEmpty();
            assertThat(MemoryBreaker.isOom(error)).isFalse();
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    OOM,
                    "OOM command not allowed when used memory > 'maxmemory'. script: f_1, on @user_script:1.",
                    "ERR Error running script (call to f_1): @user_script:1: @user_script: 1: -OOM command not allowed"
                            + " when used memory > 'maxmemory'."
                })
        void oomErrors_inTheirShapes_areRecognised(String error) {
            assertThat(MemoryBreaker.isOom(error)).isTrue();
        }
    }

    @Nested
    class FailModes {

        @Test
        void failClosed_shedsEveryAddingWriteWithReasonFailClosed_untilASampleSucceeds() {
            use(config().failMode(FailMode.CLOSED).build());
            sampleAt(0.10);

            assertThat(breaker.onSampleFailure()).isTrue();
            assertThat(breaker.onSampleFailure()).as("a failure that goes on").isFalse();

            assertThat(breaker.blind()).isTrue();
            WriteShedException shed = shedOf("orders", 0.0001);
            assertThat(shed.reason()).isEqualTo(WriteShedException.Reason.FAIL_CLOSED);
            assertThat(shed.ratio()).isNaN();
            assertThat(shed.getMessage())
                    .isEqualTo("write under rule 'orders' shed (class 'critical' sheds at 97% of maxmemory):"
                            + " memory cannot be read and the fail mode is closed");
            assertThat(write("cache", 0.0001)).isFalse();
            assertThat(shedCount("critical", "fail_closed", "thrown")).isOne();
            assertThat(shedCount("low", "fail_closed", "dropped")).isOne();
            assertThat(writeCount("cache", "shed", "fail_closed")).isOne();
            assertThat(listener.transitions)
                    .as("no class opened: memory is unknown, not high")
                    .isEmpty();

            sampleAt(0.10);

            assertThat(breaker.blind()).isFalse();
            assertThat(write("orders", 0.0001)).isTrue();
            assertThat(write("cache", 0.0001)).isTrue();
        }

        @Test
        void failClosed_withoutAnySample_shedsToo() {
            use(config().failMode(FailMode.CLOSED).build());

            breaker.onSampleFailure();

            assertThat(shedOf("sessions", 0.0001).reason()).isEqualTo(WriteShedException.Reason.FAIL_CLOSED);
        }

        @Test
        void failOpen_withoutAnySample_admitsEverything() {
            assertThat(breaker.onSampleFailure()).isTrue();

            assertThat(breaker.admit(tally("cache"), 10 * LIMIT)).isTrue();
            assertThat(breaker.admit(tally("orders"), 10 * LIMIT)).isTrue();
            assertThat(breaker.ratio()).isNaN();
            assertThat(totalShed()).isZero();
        }

        @Test
        void failOpen_afterSamples_goesOnEstimatingFromTheLastSample() {
            sampleAt(0.84);
            breaker.onSampleFailure();

            assertThat(write("sessions", 0.02)).isTrue();

            assertThat(open()).containsExactly("low");
            assertThat(shedOf("feed", 0.0001).reason()).isEqualTo(WriteShedException.Reason.MEMORY);
            assertThat(write("orders", 0.0001)).isTrue();
        }
    }

    @Nested
    class Limit {

        @Test
        void maxmemory_isTheLimit_evenWithAConfiguredLimit() {
            use(config().limit(DataSize.ofMegabytes(64)).build());

            long limit = breaker.onSample(sample(750_000, LIMIT, 16_000_000_000L), breaker.request());

            assertThat(limit).isEqualTo(LIMIT).isEqualTo(breaker.limit());
            assertThat(breaker.ratio()).isEqualTo(0.5);
        }

        @Test
        void maxmemoryZero_usesTheConfiguredLimit() {
            long configured = DataSize.ofMegabytes(64).toBytes();
            use(config().limit(DataSize.ofMegabytes(64)).build());

            long limit = breaker.onSample(sample(configured / 2, 0, 16_000_000_000L), breaker.request());

            assertThat(limit).isEqualTo(configured).isEqualTo(breaker.limit());
            assertThat(breaker.ratio()).isEqualTo(0.5);
        }

        @Test
        void maxmemoryZero_withoutALimit_usesTheDefaultShareOfSystemMemory() {
            long limit = breaker.onSample(sample(1_000_000, 0, 16_000_000_000L), breaker.request());

            assertThat(limit).isEqualTo(12_000_000_000L);
        }

        @Test
        void maxmemoryZero_withoutALimit_usesTheConfiguredShareOfSystemMemory() {
            use(config().systemMemoryShare(0.5).build());

            long limit = breaker.onSample(sample(7_600_000_000L, 0, 16_000_000_000L), breaker.request());

            assertThat(limit).isEqualTo(8_000_000_000L);
            assertThat(breaker.ratio()).isEqualTo(0.95);
            assertThat(open()).containsExactly("low", "normal");
        }

        @Test
        void noLimitAtAll_closesEveryClass_andAdmitsEverything() {
            sampleAt(0.98);

            long limit = breaker.onSample(sample(used(0.98), 0, 0), breaker.request());

            assertThat(limit).isZero();
            assertThat(breaker.ratio()).isNaN();
            assertThat(open()).isEmpty();
            assertThat(listener.transitions).endsWith("low closed", "normal closed", "critical closed");
            assertThat(breaker.admit(tally("cache"), 10 * LIMIT)).isTrue();
        }
    }

    @Nested
    class ShedActions {

        @Test
        void drop_returnsFalse_andCountsTheWriteAsShedAndDropped() {
            sampleAt(0.86);

            assertThat(write("cache", 0.0001)).isFalse();

            assertThat(shedCount("low", "memory", "dropped")).isOne();
            assertThat(shedCount("low", "memory", "thrown")).isZero();
            assertThat(writeCount("cache", "shed", "memory")).isOne();
            assertThat(writeCount("cache", "admitted", "none"))
                    .as("the planner counts admitted writes, never the breaker")
                    .isZero();
        }

        @Test
        void throw_raisesWriteShedException_namingRuleClassAndRatio() {
            sampleAt(0.86);

            WriteShedException shed = shedOf("feed", 0.0);

            assertThat(shed.rule()).isEqualTo("feed");
            assertThat(shed.shedClass()).isEqualTo("low");
            assertThat(shed.ratio()).isCloseTo(0.86, within(1e-9));
            assertThat(shed.reason()).isEqualTo(WriteShedException.Reason.MEMORY);
            assertThat(shed)
                    .hasMessage(
                            "write under rule 'feed' shed (class 'low' sheds at 85% of maxmemory): memory at 86.0%");
            assertThat(shed.getStackTrace())
                    .as("no stack trace: raised often under pressure")
                    .isEmpty();
            assertThat(shedCount("low", "memory", "thrown")).isOne();
            assertThat(shedCount("low", "memory", "dropped")).isZero();
            assertThat(writeCount("feed", "shed", "memory")).isOne();
        }

        @Test
        void defaultRule_isShedUnderTheDefaultClass() {
            sampleAt(0.93);

            WriteShedException shed = shedOf("default", 0.0);

            assertThat(shed.rule()).isEqualTo("default");
            assertThat(shed.shedClass()).isEqualTo("normal");
            assertThat(shedCount("normal", "memory", "thrown")).isOne();
        }
    }

    @Nested
    class MultiKeyWrites {

        @Test
        void aWriteTouchingNoOpenClass_isAdmitted() {
            sampleAt(0.86);

            assertThat(breaker.admit(tally("orders", "sessions", "default"), 1)).isTrue();
        }

        @Test
        void aWriteTouchingAnOpenClass_isShedUnderItsStrictestRule_whereverThatKeyComes() {
            sampleAt(0.86);

            assertThatThrownBy(() -> breaker.admit(tally("orders", "sessions", "feed"), 1))
                    .isInstanceOfSatisfying(WriteShedException.class, shed -> {
                        assertThat(shed.rule()).isEqualTo("feed");
                        assertThat(shed.shedClass()).isEqualTo("low");
                    });
            assertThat(shedCount("low", "memory", "thrown")).isOne();
            assertThat(shedCount("critical", "memory", "thrown")).isZero();
        }

        @Test
        void theStrictestRule_decidesWhetherTheWriteIsDroppedOrThrown() {
            sampleAt(0.98);

            assertThat(breaker.admit(tally("orders", "cache"), 1)).isFalse();
            assertThat(breaker.admit(tally("cache", "orders"), 1)).isFalse();

            assertThat(shedCount("low", "memory", "dropped")).isEqualTo(2);
            assertThat(writeCount("orders", "shed", "memory")).isZero();
        }

        @Test
        void aWriteWhoseBytesWouldReachTheLowestClassOfItsKeys_isShed() {
            sampleAt(0.84);

            assertThat(breaker.admit(tally("orders", "cache"), bytes(0.02))).isFalse();

            assertThat(open()).containsExactly("low");
            assertThat(breaker.ratio()).isCloseTo(0.84, within(1e-9));
        }

        @Test
        void classesGivenInAnyOrder_theLowestThresholdIsTheStrictest() {
            use(config().shedClasses(List.of(
                            ShedClass.of("critical", 0.97), ShedClass.of("normal", 0.92), ShedClass.of("low", 0.85)))
                    .build());
            sampleAt(0.98);

            assertThatThrownBy(() -> breaker.admit(tally("orders", "sessions", "feed"), 1))
                    .isInstanceOfSatisfying(WriteShedException.class, shed -> assertThat(shed.shedClass())
                            .isEqualTo("low"));
            assertThat(listener.transitions).containsExactly("critical opened", "normal opened", "low opened");
        }
    }

    @Nested
    class SampleTrigger {

        @Test
        void aSampleIsAskedOnce_whenTheBytesAdmittedSinceTheLastPassTheTriggerShare() {
            sampleAt(0.50); // trigger: 0.005 x 1,500,000 = 7,500 weighted bytes

            breaker.admit(tally("orders"), 4_999); // 7,499
            assertThat(listener.samplesAsked).isZero();
            breaker.admit(tally("orders"), 1); // 7,501
            assertThat(listener.samplesAsked).isOne();
            breaker.admit(tally("orders"), 100_000);
            assertThat(listener.samplesAsked).as("once until the next sample").isOne();

            sampleAt(0.60);
            breaker.admit(tally("orders"), 5_000);

            assertThat(listener.samplesAsked).isEqualTo(2);
        }

        @Test
        void triggerShare_isConfigurable() {
            use(config().sampleTrigger(0.1).build());
            sampleAt(0.10);

            breaker.admit(tally("orders"), 99_999);
            assertThat(listener.samplesAsked).isZero();
            breaker.admit(tally("orders"), 1);

            assertThat(listener.samplesAsked).isOne();
        }

        @Test
        void noTriggerBeforeTheFirstSample() {
            breaker.admit(tally("orders"), 10 * LIMIT);

            assertThat(listener.samplesAsked).isZero();
        }
    }

    @Nested
    class NextDelay {

        @Test
        void farBelowTheLowestThreshold_isTheLongestInterval() {
            for (double share : new double[] {0.0, 0.30, 0.64}) {
                sampleAt(share);
                assertThat(breaker.nextDelayMillis()).as("at %s", share).isEqualTo(1000);
            }
        }

        @Test
        void nearTheLowestThreshold_isTheShortestInterval() {
            for (double share : new double[] {0.80, 0.84}) {
                sampleAt(share);
                assertThat(breaker.nextDelayMillis()).as("at %s", share).isEqualTo(20);
            }
        }

        @Test
        void whileAClassIsOpen_isTheShortestInterval_evenBelowItsThreshold() {
            sampleAt(0.86);
            assertThat(breaker.nextDelayMillis()).isEqualTo(20);

            sampleAt(0.83);
            assertThat(breaker.nextDelayMillis()).isEqualTo(20);

            breaker.completed(1, OOM);
            breaker.onSample(sample(used(0.10), LIMIT, 0), new MemoryBreaker.Request(0, 0));
            assertThat(open()).isNotEmpty();
            assertThat(breaker.nextDelayMillis()).isEqualTo(20);
        }

        @Test
        void inBetween_isLinearInTheDistanceToTheLowestThreshold() {
            long[] delays = new long[5];
            double[] shares = {0.66, 0.70, 0.725, 0.75, 0.79};
            for (int i = 0; i < shares.length; i++) {
                sampleAt(shares[i]);
                delays[i] = breaker.nextDelayMillis();
            }

            // 20 + 980 x (distance - 0.05) / 0.15
            assertThat(delays[1]).isCloseTo(673, within(1L));
            assertThat(delays[2]).isCloseTo(510, within(1L));
            assertThat(delays[3]).isCloseTo(346, within(1L));
            assertThat(delays).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            assertThat(delays[0]).isLessThan(1000);
            assertThat(delays[4]).isGreaterThan(20);
        }

        @Test
        void theDistance_isToTheLowestThreshold_whateverItsClass() {
            use(config().shedClasses(List.of(
                            ShedClass.of("normal", 0.92), ShedClass.of("low", 0.60), ShedClass.of("critical", 0.97)))
                    .build());

            sampleAt(0.50); // 0.10 below 0.60

            assertThat(breaker.nextDelayMillis()).isCloseTo(346, within(1L));
        }

        @Test
        void theConfiguredInterval_bindsBothEnds() {
            use(config().sampleInterval(Duration.ofMillis(5), Duration.ofSeconds(3))
                    .build());

            sampleAt(0.10);
            assertThat(breaker.nextDelayMillis()).isEqualTo(3000);
            sampleAt(0.90);
            assertThat(breaker.nextDelayMillis()).isEqualTo(5);
        }

        @Test
        void whileBlind_is250Milliseconds_withinTheInterval() {
            breaker.onSampleFailure();
            assertThat(breaker.nextDelayMillis()).isEqualTo(250);

            use(config().sampleInterval(Duration.ofMillis(500), Duration.ofSeconds(2))
                    .build());
            breaker.onSampleFailure();
            assertThat(breaker.nextDelayMillis()).isEqualTo(500);

            use(config().sampleInterval(Duration.ofMillis(5), Duration.ofMillis(100))
                    .build());
            breaker.onSampleFailure();
            assertThat(breaker.nextDelayMillis()).isEqualTo(100);
        }

        /**
         * Regression: blind after samples, the delay followed the last sample's distance, so a sampler that failed far
         * below the thresholds was retried only after the longest interval (under fail closed: every write shed).
         */
        @Test
        void whileBlind_afterSamples_is250Milliseconds_whateverTheLastSampleSaid() {
            sampleAt(0.10);
            breaker.onSampleFailure();
            assertThat(breaker.nextDelayMillis()).isEqualTo(250);

            sampleAt(0.84);
            breaker.onSampleFailure();
            assertThat(breaker.nextDelayMillis()).isEqualTo(250);

            sampleAt(0.10);
            assertThat(breaker.nextDelayMillis()).as("recovered").isEqualTo(1000);
        }

        /** Regression: a server without a limit the breaker could determine was read at the shortest interval. */
        @Test
        void withoutALimit_isTheLongestInterval() {
            breaker.onSample(sample(used(0.5), 0, 0), breaker.request());

            assertThat(breaker.nextDelayMillis()).isEqualTo(1000);
        }
    }

    @Test
    void classes_areTheConfiguredOnes_inTheirOrder() {
        assertThat(breaker.classes().stream().map(ShedClass::name).collect(Collectors.toList()))
                .containsExactly("low", "normal", "critical");
    }
}
