/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import io.github.redisguard.spi.MemorySampler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The monitor with everything around it faked by hand: a sampler whose replies the test completes, a scheduler that
 * runs tasks only when the test says (and records every delay), a clock on the scheduler's virtual time. The sample
 * timeout is an hour, so CompletableFuture's own timer never fires during a test; timeouts are failed replies.
 */
class MemoryMonitorTest {

    static final String NODE = "10.0.0.1:6379";

    static final long MAXMEMORY = 1_000_000_000L;

    private SimpleMeterRegistry registry;

    private CircuitBreakerRegistry circuitBreakers;

    private ManualScheduler scheduler;

    private FakeSampler sampler;

    private List<ResolvedRule> rules;

    private GuardMetrics metrics;

    private MemoryConfig memory;

    private MemoryMonitor monitor;

    @BeforeEach
    void setUp() {
        use(base().build());
    }

    private static MemoryConfig.Builder base() {
        return MemoryConfig.builder().sampleTimeout(Duration.ofHours(1));
    }

    /** cache (low, drop), sessions (normal, throw), orders (critical, throw). */
    private void use(MemoryConfig memory) {
        this.memory = memory;
        GuardConfig config = GuardConfig.builder()
                .rule(KeyRule.builder("cache:*")
                        .name("cache")
                        .shedClass("low")
                        .onShed(ShedAction.DROP)
                        .build())
                .rule(KeyRule.builder("session:*").name("sessions").build())
                .rule(KeyRule.builder("order:*")
                        .name("orders")
                        .shedClass("critical")
                        .build())
                .memory(memory)
                .build();
        registry = new SimpleMeterRegistry();
        circuitBreakers = CircuitBreakerRegistry.ofDefaults();
        scheduler = new ManualScheduler();
        sampler = new FakeSampler();
        rules = RuleFixtures.rules(config);
        metrics = new GuardMetrics(registry, rules);
        monitor = monitor(NODE, sampler);
    }

    private MemoryMonitor monitor(String node, MemorySampler sampler) {
        return new MemoryMonitor(node, sampler, memory, rules, metrics, scheduler, circuitBreakers, scheduler.clock());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fakes and helpers

    /** Answers INFO when the test says so; records which sections were asked, in order. */
    static final class FakeSampler implements MemorySampler {

        final List<String> sections = new ArrayList<>();

        private final Deque<CompletableFuture<String>> waiting = new ArrayDeque<>();

        int closed;

        RuntimeException throwOnInfo;

        RuntimeException throwOnClose;

        @Override
        public CompletionStage<String> info(String section) {
            sections.add(section);
            if (throwOnInfo != null) {
                throw throwOnInfo;
            }
            CompletableFuture<String> reply = new CompletableFuture<>();
            waiting.add(reply);
            return reply;
        }

        /** Answers the oldest request, which must be for {@code section}. */
        void reply(String section, String text) {
            next(section).complete(text);
        }

        void fail(String section, Throwable error) {
            next(section).completeExceptionally(error);
        }

        int waiting() {
            return waiting.size();
        }

        private CompletableFuture<String> next(String section) {
            assertThat(waiting).as("a request waiting for a reply").isNotEmpty();
            assertThat(sections.get(sections.size() - waiting.size()))
                    .as("section asked")
                    .isEqualTo(section);
            return waiting.poll();
        }

        @Override
        public void close() {
            closed++;
            if (throwOnClose != null) {
                throw throwOnClose;
            }
        }
    }

    static long used(double share) {
        return Math.round(share * MAXMEMORY);
    }

    /** The payload bytes whose weight (x1.5) is {@code share} of the limit. */
    static long bytes(double share) {
        return Math.round(share * MAXMEMORY / MemoryConfig.DEFAULT_OVERHEAD_FACTOR);
    }

    /** Answers the sample in flight: INFO memory with used_memory at {@code share} of maxmemory, then INFO stats. */
    private void answer(double share) {
        answer(InfoReplies.memory(used(share), MAXMEMORY));
    }

    private void answer(String memoryReply) {
        sampler.reply("memory", memoryReply);
        sampler.reply("stats", InfoReplies.stats(7));
        scheduler.runDue();
    }

    /** Starts the monitor and answers its first sample. */
    private void startAt(double share) {
        monitor.start();
        scheduler.runDue();
        answer(share);
    }

    /** Waits (virtually) for the one scheduled sample and answers it. */
    private void nextSampleAt(double share) {
        waitForTheNextSample();
        answer(share);
    }

    private void waitForTheNextSample() {
        assertThat(scheduler.pending()).as("one sample scheduled").hasSize(1);
        int asked = sampler.sections.size();
        scheduler.advance(scheduler.pending().get(0));
        assertThat(sampler.sections).as("a sample was taken").hasSize(asked + 1);
    }

    private long lastDelay() {
        List<Long> delays = scheduler.delays();
        return delays.get(delays.size() - 1);
    }

    private Tally tally(String rule) {
        return RuleFixtures.tally(RuleFixtures.rule(rules, rule));
    }

    private double gauge(String name) {
        return registry.get(name).tag("node", NODE).gauge().value();
    }

    private double shedding(String shedClass) {
        return registry.get("redis.guard.breaker.shedding")
                .tag("node", NODE)
                .tag("class", shedClass)
                .gauge()
                .value();
    }

    private double errors(String reason) {
        return registry.get("redis.guard.memory.sampler.errors")
                .tag("node", NODE)
                .tag("reason", reason)
                .counter()
                .count();
    }

    private List<String> errorReasons() {
        return registry.find("redis.guard.memory.sampler.errors").counters().stream()
                .map(c -> c.getId().getTag("reason"))
                .collect(Collectors.toList());
    }

    private CircuitBreaker mirror(String shedClass) {
        return circuitBreakers
                .find("redis-guard:" + NODE + ":" + shedClass)
                .orElseThrow(() -> new AssertionError("no circuit breaker for " + shedClass));
    }

    private List<Meter> metersOf(String node) {
        return registry.getMeters().stream()
                .filter(m -> node.equals(m.getId().getTag("node")))
                .collect(Collectors.toList());
    }

    private List<String> breakerNames() {
        return circuitBreakers.getAllCircuitBreakers().stream()
                .map(CircuitBreaker::getName)
                .sorted()
                .collect(Collectors.toList());
    }

    // ---------------------------------------------------------------------------------------------------------------

    @Nested
    class Sampling {

        @Test
        void start_schedulesTheFirstSampleAtOnce_andAsksForStatsOnlyOnceMemoryAnswered() {
            assertThat(scheduler.delays()).isEmpty();

            monitor.start();

            assertThat(scheduler.delays()).containsExactly(0L);
            assertThat(sampler.sections)
                    .as("nothing runs on the caller's thread")
                    .isEmpty();
            scheduler.runDue();
            assertThat(sampler.sections).containsExactly("memory");
            sampler.reply("memory", InfoReplies.memory(used(0.5), MAXMEMORY));
            assertThat(sampler.sections).containsExactly("memory", "stats");
        }

        @Test
        void aReply_isReadOnTheExecutor_intoTheBreaker() {
            monitor.start();
            scheduler.runDue();
            sampler.reply("memory", InfoReplies.memory(used(0.5), MAXMEMORY));
            sampler.reply("stats", InfoReplies.stats(7));
            assertThat(monitor.breaker().lastSample())
                    .as("not before the executor runs")
                    .isNull();

            scheduler.runDue();

            assertThat(monitor.breaker().lastSample())
                    .isEqualTo(new MemorySample(
                            NODE,
                            ManualScheduler.EPOCH,
                            used(0.5),
                            MAXMEMORY,
                            InfoReplies.TOTAL_SYSTEM_MEMORY,
                            "noeviction",
                            1.06,
                            7));
        }

        @Test
        void theSampleTime_isTheClocksWhenTheReplyIsRead() {
            startAt(0.5);
            scheduler.advance(1000);
            scheduler.advance(250);
            sampler.reply("memory", InfoReplies.memory(used(0.5), MAXMEMORY));
            sampler.reply("stats", InfoReplies.stats(0));
            scheduler.runDue();

            assertThat(monitor.breaker().lastSample().time()).isEqualTo(ManualScheduler.EPOCH.plusMillis(1250));
        }

        @Test
        void oneSampleAtATime_theNextIsScheduledWhenTheLastAnswered() {
            startAt(0.5);

            assertThat(scheduler.pending()).containsExactly(1000L);
            scheduler.advance(999);
            assertThat(sampler.sections).hasSize(2);
            scheduler.advance(1);
            assertThat(sampler.sections).hasSize(3).endsWith("memory");
            assertThat(scheduler.pending()).as("none while one is in flight").isEmpty();
            scheduler.advance(60_000);
            assertThat(sampler.sections).hasSize(3);
        }

        @Test
        void theInterval_adaptsToTheDistanceFromTheLowestThreshold() {
            startAt(0.50);
            assertThat(lastDelay()).isEqualTo(1000);

            nextSampleAt(0.725);
            assertThat(lastDelay()).isCloseTo(510, within(1L));

            nextSampleAt(0.83);
            assertThat(lastDelay()).isEqualTo(20);

            nextSampleAt(0.90);
            assertThat(lastDelay()).isEqualTo(20);

            nextSampleAt(0.10);
            assertThat(lastDelay()).isEqualTo(1000);
            assertThat(scheduler.delays()).hasSize(6);
        }

        @Test
        void aWriteThatMovesTheEstimate_replacesTheScheduledSampleWithOneAtOnce() {
            startAt(0.50);
            assertThat(scheduler.pending()).containsExactly(1000L);

            // past the 0.005 trigger: the breaker asks for a sample on the writing thread, the executor takes it
            monitor.breaker().admit(tally("orders"), bytes(0.01));
            assertThat(sampler.sections).hasSize(2);
            scheduler.runDue();

            assertThat(sampler.sections).hasSize(3).endsWith("memory");
            assertThat(scheduler.delays()).containsExactly(0L, 1000L, 0L);
            assertThat(scheduler.pending())
                    .as("the 1000 ms sample was cancelled")
                    .isEmpty();
            answer(0.51);
            assertThat(scheduler.pending()).as("only the sample after this one").containsExactly(1000L);
        }

        @Test
        void aSampleAskedForWhileOneIsInFlight_isNotTakenTwice() {
            monitor.start();
            scheduler.runDue();

            monitor.sampleNow();
            scheduler.runDue();

            assertThat(sampler.sections).containsExactly("memory");
            assertThat(scheduler.delays()).containsExactly(0L);
        }
    }

    @Nested
    class Gauges {

        @Test
        void beforeTheFirstSample_nothingIsKnown() {
            assertThat(gauge("redis.guard.memory.used")).isNaN();
            assertThat(gauge("redis.guard.memory.limit")).isZero();
            assertThat(gauge("redis.guard.memory.ratio")).isNaN();
            assertThat(gauge("redis.guard.memory.blind")).isZero();
        }

        @Test
        void afterASample_reportUsedLimitRatioAndBlind_taggedWithTheNode() {
            startAt(0.50);

            assertThat(gauge("redis.guard.memory.used")).isEqualTo(500_000_000.0);
            assertThat(gauge("redis.guard.memory.limit")).isEqualTo(1_000_000_000.0);
            assertThat(gauge("redis.guard.memory.ratio")).isEqualTo(0.5);
            assertThat(gauge("redis.guard.memory.blind")).isZero();
            assertThat(registry.get("redis.guard.memory.used").gauge().getId().getBaseUnit())
                    .isEqualTo("bytes");
            assertThat(registry.get("redis.guard.memory.limit").gauge().getId().getBaseUnit())
                    .isEqualTo("bytes");
        }

        @Test
        void ratio_followsTheEstimateBetweenSamples_usedOnlyTheSamples() {
            startAt(0.50);

            monitor.breaker().admit(tally("orders"), bytes(0.10));
            monitor.breaker().completed(bytes(0.10), null);

            assertThat(gauge("redis.guard.memory.ratio")).isCloseTo(0.60, within(1e-6));
            assertThat(gauge("redis.guard.memory.used")).isEqualTo(500_000_000.0);
        }

        @Test
        void shedding_oneGaugePerClass_followsTheBreaker() {
            List<String> classes = registry.find("redis.guard.breaker.shedding").tag("node", NODE).gauges().stream()
                    .map(g -> g.getId().getTag("class"))
                    .sorted()
                    .collect(Collectors.toList());
            assertThat(classes).containsExactly("critical", "low", "normal");

            startAt(0.93);

            assertThat(shedding("low")).isOne();
            assertThat(shedding("normal")).isOne();
            assertThat(shedding("critical")).isZero();

            nextSampleAt(0.50);

            assertThat(shedding("low")).isZero();
            assertThat(shedding("normal")).isZero();
        }
    }

    @Nested
    class Resilience4jMirrors {

        @Test
        void oneCircuitBreakerPerClass_namedAfterNodeAndClass_closedAtFirst() {
            assertThat(breakerNames())
                    .containsExactly(
                            "redis-guard:" + NODE + ":critical",
                            "redis-guard:" + NODE + ":low",
                            "redis-guard:" + NODE + ":normal");
            assertThat(mirror("low").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }

        @Test
        void aSheddingClass_isForcedOpen_andClosedWhenItCloses_withStateTransitionEvents() {
            List<CircuitBreaker.StateTransition> low = new ArrayList<>();
            List<CircuitBreaker.StateTransition> critical = new ArrayList<>();
            mirror("low").getEventPublisher().onStateTransition(e -> low.add(e.getStateTransition()));
            mirror("critical").getEventPublisher().onStateTransition(e -> critical.add(e.getStateTransition()));

            startAt(0.86);

            assertThat(mirror("low").getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
            assertThat(mirror("normal").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(low).containsExactly(CircuitBreaker.StateTransition.CLOSED_TO_FORCED_OPEN);

            nextSampleAt(0.83); // within the hysteresis: stays open
            assertThat(mirror("low").getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);

            nextSampleAt(0.80);

            assertThat(mirror("low").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(low)
                    .containsExactly(
                            CircuitBreaker.StateTransition.CLOSED_TO_FORCED_OPEN,
                            CircuitBreaker.StateTransition.FORCED_OPEN_TO_CLOSED);
            assertThat(critical).isEmpty();
        }

        @Test
        void aClassOpenedByAWrite_isMirroredOnTheExecutor_notOnTheWritingThread() {
            List<CircuitBreaker.StateTransition> events = new ArrayList<>();
            mirror("low").getEventPublisher().onStateTransition(e -> events.add(e.getStateTransition()));
            startAt(0.84);

            assertThat(monitor.breaker().admit(tally("sessions"), bytes(0.02))).isTrue();

            assertThat(shedding("low")).isOne();
            assertThat(mirror("low").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(events).isEmpty();
            scheduler.runDue();
            assertThat(mirror("low").getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
            assertThat(events).containsExactly(CircuitBreaker.StateTransition.CLOSED_TO_FORCED_OPEN);
        }

        @Test
        void anOomReply_forcesEveryClassOpen() {
            startAt(0.50);

            monitor.breaker().completed(100, "OOM command not allowed when used memory > 'maxmemory'.");
            scheduler.runDue();

            assertThat(Stream.of("low", "normal", "critical").map(c -> mirror(c).getState()))
                    .containsOnly(CircuitBreaker.State.FORCED_OPEN);
            assertThat(sampler.sections).as("and a sample is taken at once").hasSize(3);
        }

        @Test
        void aFailingEventConsumer_doesNotStopTheMonitor() {
            mirror("low").getEventPublisher().onStateTransition(e -> {
                throw new IllegalStateException("a user's consumer failed");
            });

            startAt(0.86);

            assertThat(mirror("low").getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
            assertThat(scheduler.pending()).as("the next sample is scheduled").hasSize(1);
            nextSampleAt(0.50);
            assertThat(mirror("low").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        }
    }

    @Nested
    class SamplerFailures {

        static Stream<Arguments> failures() {
            return Stream.of(
                    Arguments.of(
                            new RuntimeException("NOPERM User guard has no permissions to run the 'info' command"),
                            "denied"),
                    Arguments.of(new TimeoutException("Command timed out after 1 second(s)"), "timeout"),
                    Arguments.of(new ConnectException("Connection refused: /10.0.0.1:6379"), "unreachable"),
                    Arguments.of(
                            new RuntimeException("ERR unknown command 'INFO', with args beginning with: "), "refused"),
                    Arguments.of(
                            new RuntimeException("WRONGPASS invalid username-password pair or user is disabled."),
                            "refused"),
                    Arguments.of(new RuntimeException("NOAUTH Authentication required."), "refused"));
        }

        @ParameterizedTest(name = "{1}: {0}")
        @MethodSource("failures")
        void aFailedSample_isCountedByReason_andMakesTheBreakerBlind(Throwable error, String reason) {
            startAt(0.50);
            waitForTheNextSample();

            sampler.fail("memory", error);
            scheduler.runDue();

            assertThat(errors(reason)).isOne();
            assertThat(errorReasons()).containsExactly(reason);
            assertThat(monitor.breaker().blind()).isTrue();
            assertThat(gauge("redis.guard.memory.blind")).isOne();
            assertThat(lastDelay()).as("retried after 250 ms").isEqualTo(250);
        }

        @Test
        void aFailureOfTheStatsSection_failsTheSampleToo() {
            monitor.start();
            scheduler.runDue();
            sampler.reply("memory", InfoReplies.memory(used(0.5), MAXMEMORY));

            sampler.fail(
                    "stats", new RuntimeException("NOPERM User guard has no permissions to run the 'info' command"));
            scheduler.runDue();

            assertThat(errors("denied")).isOne();
            assertThat(monitor.breaker().lastSample()).isNull();
            assertThat(gauge("redis.guard.memory.blind")).isOne();
        }

        @Test
        void aSamplerThatThrows_failsTheSample_andSamplingGoesOn() {
            sampler.throwOnInfo = new IllegalStateException("connection closed");
            monitor.start();

            scheduler.runDue();

            assertThat(errors("unreachable")).isOne();
            assertThat(scheduler.delays()).containsExactly(0L, 250L);
            scheduler.advance(250);
            assertThat(errors("unreachable")).isEqualTo(2);
        }

        @Test
        void aReplyThatIsNotInfo_isCountedAsMalformed() {
            monitor.start();
            scheduler.runDue();

            answer("# Memory\r\nused_memory:a lot\r\n");

            assertThat(errors("malformed")).isOne();
            assertThat(monitor.breaker().blind()).isTrue();
        }

        @Test
        void failuresInARow_countEach_onOneCounter() {
            monitor.start();
            scheduler.runDue();
            for (int i = 0; i < 3; i++) {
                sampler.fail("memory", new TimeoutException("Command timed out"));
                scheduler.runDue();
                scheduler.advance(250);
            }

            assertThat(errors("timeout")).isEqualTo(3);
            assertThat(registry.find("redis.guard.memory.sampler.errors").counters())
                    .hasSize(1);
        }

        @Test
        void theNextGoodSample_endsTheFailure() {
            startAt(0.50);
            waitForTheNextSample();
            sampler.fail("memory", new ConnectException("Connection refused"));
            scheduler.runDue();
            assertThat(gauge("redis.guard.memory.blind")).isOne();

            nextSampleAt(0.60);

            assertThat(monitor.breaker().blind()).isFalse();
            assertThat(gauge("redis.guard.memory.blind")).isZero();
            assertThat(gauge("redis.guard.memory.ratio")).isEqualTo(0.6);
            assertThat(errors("unreachable")).as("not counted again").isOne();
            assertThat(lastDelay()).isEqualTo(1000);
        }

        @Test
        void failClosed_shedsWritesWhileTheSamplerFails() {
            use(base().failMode(FailMode.CLOSED).build());
            startAt(0.10);
            waitForTheNextSample();

            sampler.fail("memory", new RuntimeException("NOPERM this user has no permissions"));
            scheduler.runDue();

            assertThatThrownBy(() -> monitor.breaker().admit(tally("orders"), 1))
                    .isInstanceOfSatisfying(WriteShedException.class, e -> assertThat(e.reason())
                            .isEqualTo(WriteShedException.Reason.FAIL_CLOSED));
            nextSampleAt(0.10);
            assertThat(monitor.breaker().admit(tally("orders"), 1)).isTrue();
        }

        @Test
        void failOpen_admitsWritesWhileTheFirstSampleFails() {
            monitor.start();
            scheduler.runDue();

            sampler.fail("memory", new RuntimeException("NOPERM this user has no permissions"));
            scheduler.runDue();

            assertThat(monitor.breaker().admit(tally("orders"), 10 * MAXMEMORY)).isTrue();
            assertThat(monitor.breaker().admit(tally("cache"), 10 * MAXMEMORY)).isTrue();
        }
    }

    @Nested
    class ServersWithoutMaxmemory {

        @Test
        void maxmemoryZero_shedsAgainstTheShareOfSystemMemory_sampleAfterSample() {
            monitor.start();
            scheduler.runDue();

            answer(InfoReplies.memory(12_000_000_000L, 0, 16_000_000_000L, "noeviction"));
            assertThat(gauge("redis.guard.memory.limit")).isEqualTo(12_000_000_000.0);
            assertThat(gauge("redis.guard.memory.ratio")).isEqualTo(1.0);
            assertThat(shedding("critical")).isOne();

            waitForTheNextSample();
            answer(InfoReplies.memory(6_000_000_000L, 0, 16_000_000_000L, "noeviction"));

            assertThat(gauge("redis.guard.memory.ratio")).isEqualTo(0.5);
            assertThat(shedding("critical")).isZero();
            assertThat(errorReasons()).isEmpty();
        }

        @Test
        void maxmemoryZero_shedsAgainstTheConfiguredLimit() {
            use(base().limit(DataSize.ofMegabytes(512)).build());
            monitor.start();
            scheduler.runDue();

            answer(InfoReplies.memory(DataSize.ofMegabytes(256).toBytes(), 0));

            assertThat(gauge("redis.guard.memory.limit"))
                    .isEqualTo(DataSize.ofMegabytes(512).toBytes());
            assertThat(gauge("redis.guard.memory.ratio")).isEqualTo(0.5);
        }

        @Test
        void noLimitAtAll_isSampledAtTheLongestInterval_andNeverSheds() {
            monitor.start();
            scheduler.runDue();

            answer(InfoReplies.memory(used(0.99), 0, 0, "noeviction"));

            assertThat(gauge("redis.guard.memory.limit")).isZero();
            assertThat(gauge("redis.guard.memory.ratio")).isNaN();
            assertThat(lastDelay()).isEqualTo(1000);
            assertThat(monitor.breaker().admit(tally("cache"), 10 * MAXMEMORY)).isTrue();
        }
    }

    @Nested
    class Close {

        @Test
        void close_stopsSampling_closesTheSampler_andUnregistersMetersAndBreakers() {
            startAt(0.50);
            waitForTheNextSample();
            sampler.fail("memory", new TimeoutException("Command timed out"));
            scheduler.runDue();
            assertThat(metersOf(NODE))
                    .extracting(m -> m.getId().getName())
                    .contains("redis.guard.memory.sampler.errors");
            int asked = sampler.sections.size();

            monitor.close();

            assertThat(sampler.closed).isOne();
            assertThat(metersOf(NODE)).isEmpty();
            assertThat(breakerNames()).isEmpty();
            assertThat(scheduler.pending())
                    .as("the scheduled sample was cancelled")
                    .isEmpty();
            scheduler.advance(60_000);
            monitor.sampleNow();
            scheduler.runDue();
            assertThat(sampler.sections).hasSize(asked);
        }

        @Test
        void close_twice_closesTheSamplerOnce() {
            monitor.close();
            monitor.close();

            assertThat(sampler.closed).isOne();
        }

        /** Regression: a failure reported after close() registered its error counter again, for good. */
        @Test
        void aReplyAfterClose_schedulesNothing_andRegistersNothing() {
            monitor.start();
            scheduler.runDue();

            monitor.close();
            sampler.fail("memory", new RuntimeException("NOPERM this user has no permissions"));
            scheduler.runDue();

            assertThat(scheduler.delays()).containsExactly(0L);
            assertThat(metersOf(NODE)).isEmpty();
        }

        @Test
        void aSamplerFailingToClose_stillUnregistersEverything() {
            sampler.throwOnClose = new IllegalStateException("already closed");
            startAt(0.50);

            monitor.close();

            assertThat(metersOf(NODE)).isEmpty();
            assertThat(breakerNames()).isEmpty();
        }

        @Test
        void close_leavesOtherNodesAlone() {
            FakeSampler other = new FakeSampler();
            MemoryMonitor second = monitor("10.0.0.2:6379", other);
            List<String> secondMeters = metersOf("10.0.0.2:6379").stream()
                    .map(m -> m.getId().toString())
                    .collect(Collectors.toList());

            monitor.close();

            assertThat(metersOf("10.0.0.2:6379"))
                    .extracting(m -> m.getId().toString())
                    .containsExactlyInAnyOrderElementsOf(secondMeters)
                    .hasSize(7);
            assertThat(breakerNames()).allMatch(name -> name.startsWith("redis-guard:10.0.0.2:6379:"));
            assertThat(breakerNames()).hasSize(3);
            assertThat(other.closed).isZero();
            second.close();
        }

        @Test
        void theGuardsOwnMeters_surviveTheNode() {
            monitor.close();

            assertThat(registry.find(GuardMetrics.SHED).counters()).isNotEmpty();
            assertThat(registry.find(GuardMetrics.WRITES).counters()).isNotEmpty();
            assertThat(registry.find("redis.guard.memory.used").gauges()).isEmpty();
        }
    }

    @Test
    void node_andBreaker_areTheMonitors() {
        assertThat(monitor.node()).isEqualTo(NODE);
        assertThat(monitor.breaker().classes()).isEqualTo(memory.shedClasses());
        assertThat(registry.find("redis.guard.memory.ratio").gauges())
                .extracting(Gauge::getId)
                .extracting(id -> id.getTag("node"))
                .containsExactly(NODE);
    }
}
