/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.test;

import static io.github.redisguard.test.ServerAssertions.assertStopped;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Servers are stopped when their test class fails. The failing classes below run only through the
 * {@link EngineTestKit} (Surefire and Failsafe skip nested classes, and {@link OnlyThroughTestKit} disables them
 * anywhere else).
 */
class RedisServerExtensionCleanupIT {

    private static final String TESTKIT_PARAMETER = "redisguard.test.testkit";

    @Test
    void failingTest_serverIsStoppedAfterTheClass() {
        EngineExecutionResults results = run(FailingTest.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        assertThat(FailingTest.SEEN.get()).as("server given to the test").isNotNull();
        assertStopped(FailingTest.SEEN.get());
    }

    @Test
    void failingBeforeAll_serverIsStopped() {
        EngineExecutionResults results = run(FailingBeforeAll.class);

        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(failure(results)).hasMessage("deliberate @BeforeAll failure");
        assertThat(FailingBeforeAll.SEEN.get()).as("server given to @BeforeAll").isNotNull();
        assertStopped(FailingBeforeAll.SEEN.get());
    }

    @Test
    void failingNestedTest_enclosingServerIsStopped() {
        EngineExecutionResults results = run(FailingNested.class);

        results.testEvents()
                .assertStatistics(stats -> stats.started(2).failed(1).succeeded(1));
        assertThat(FailingNested.SEEN.get()).isNotNull();
        assertStopped(FailingNested.SEEN.get());
    }

    @Test
    void serverThatCannotStart_failsTheClass_neverSkipsIt() {
        EngineExecutionResults results = run(BrokenServer.class);

        results.testEvents().assertStatistics(stats -> stats.started(0).skipped(0));
        results.containerEvents().assertStatistics(stats -> stats.skipped(0));
        Throwable failure = failure(results);
        assertThat(failure).isInstanceOf(IllegalStateException.class);
        if (System.getenv(RedisServer.REDIS_URL) == null) {
            assertThat(failure).hasMessageContaining("Bad directive or wrong number of arguments");
        }
    }

    @Test
    void testKitClasses_outsideTheTestKit_areDisabledNotRun() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingTest.class))
                .execute();

        results.containerEvents().assertStatistics(stats -> stats.skipped(1).failed(0));
        results.testEvents().assertStatistics(stats -> stats.started(0));
    }

    private static EngineExecutionResults run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .configurationParameter(TESTKIT_PARAMETER, "true")
                .execute();
    }

    private static Throwable failure(EngineExecutionResults results) {
        return results.containerEvents().failed().stream()
                .map(Event::getPayload)
                .flatMap(payload -> payload.stream())
                .filter(TestExecutionResult.class::isInstance)
                .map(TestExecutionResult.class::cast)
                .flatMap(result -> result.getThrowable().stream())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no failed container"));
    }

    /** Enables the classes below only when the test kit runs them with {@link #TESTKIT_PARAMETER}. */
    static final class OnlyThroughTestKit implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(TESTKIT_PARAMETER)
                            .filter("true"::equals)
                            .isPresent()
                    ? ConditionEvaluationResult.enabled("run by RedisServerExtensionCleanupIT")
                    : ConditionEvaluationResult.disabled(
                            "runs only through EngineTestKit in" + " RedisServerExtensionCleanupIT");
        }
    }

    @RedisTest
    @ExtendWith(OnlyThroughTestKit.class)
    static class FailingTest {

        static final AtomicReference<RedisServer> SEEN = new AtomicReference<>();

        @Test
        void fails(RedisServer server) {
            SEEN.set(server);
            assertThat(server.call("PING")).isEqualTo("PONG");
            throw new AssertionError("deliberate test failure");
        }
    }

    @RedisTest
    @ExtendWith(OnlyThroughTestKit.class)
    static class FailingBeforeAll {

        static final AtomicReference<RedisServer> SEEN = new AtomicReference<>();

        @BeforeAll
        static void fails(RedisServer server) {
            SEEN.set(server);
            throw new IllegalStateException("deliberate @BeforeAll failure");
        }

        @Test
        void neverRuns() {
            throw new AssertionError("must not run");
        }
    }

    @RedisTest
    @ExtendWith(OnlyThroughTestKit.class)
    static class FailingNested {

        static final AtomicReference<RedisServer> SEEN = new AtomicReference<>();

        @Test
        void passes(RedisServer server) {
            SEEN.set(server);
        }

        @Nested
        class Inner {

            @Test
            void fails(RedisServer server) {
                assertThat(server).isSameAs(SEEN.get());
                throw new AssertionError("deliberate nested failure");
            }
        }
    }

    @RedisTest(args = {"--no-such-directive", "x"})
    @ExtendWith(OnlyThroughTestKit.class)
    static class BrokenServer {

        @Test
        void neverRuns() {
            throw new AssertionError("must not run");
        }
    }
}
