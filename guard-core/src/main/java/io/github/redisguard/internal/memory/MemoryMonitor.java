/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.memory;

import io.github.redisguard.internal.GuardMetrics;
import io.github.redisguard.internal.ResolvedRule;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.MemorySample;
import io.github.redisguard.memory.ShedClass;
import io.github.redisguard.spi.MemorySampler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Samples one node in the background and feeds its MemoryBreaker. One sample at a time: a sample that completes
 * schedules the next after the breaker's delay; sampleNow() (from a write that moved the estimate) replaces a
 * scheduled sample with one at once. Replies arrive on the driver's thread and are handled on the guard's executor.
 * Breaker transitions are mirrored into Resilience4j CircuitBreakers (FORCED_OPEN while shedding, CLOSED otherwise)
 * on the executor too, so user event consumers never run on a write's thread.
 */
public final class MemoryMonitor implements MemoryBreaker.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryMonitor.class);

    private final String node;

    private final MemorySampler sampler;

    private final MemoryConfig config;

    private final ScheduledExecutorService executor;

    private final Clock clock;

    private final MemoryBreaker breaker;

    private final CircuitBreakerRegistry circuitBreakers;

    private final List<CircuitBreaker> mirrors = new ArrayList<>();

    private final MeterRegistry registry;

    private final List<Meter> meters = new ArrayList<>();

    /** The sampler's error counters by reason, registered at the first error of each, removed on close. */
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();

    private boolean sampling;

    private boolean closed;

    private @Nullable ScheduledFuture<?> next;

    private boolean unlimitedWarned;

    /** Completed once the first sample has been taken in, or has failed. */
    private final CountDownLatch firstSample = new CountDownLatch(1);

    public MemoryMonitor(
            String node,
            MemorySampler sampler,
            MemoryConfig config,
            List<ResolvedRule> rules,
            GuardMetrics metrics,
            ScheduledExecutorService executor,
            CircuitBreakerRegistry circuitBreakers,
            Clock clock) {
        this.node = node;
        this.sampler = sampler;
        this.config = config;
        this.executor = executor;
        this.clock = clock;
        this.circuitBreakers = circuitBreakers;
        this.registry = metrics.registry();
        this.breaker = new MemoryBreaker(config, rules, metrics, this);
        for (ShedClass shedClass : config.shedClasses()) {
            mirrors.add(circuitBreakers.circuitBreaker("redis-guard:" + node + ":" + shedClass.name()));
            int index = mirrors.size() - 1;
            meters.add(Gauge.builder("redis.guard.breaker.shedding", breaker, b -> b.shedding(index) ? 1 : 0)
                    .description("1 while the shed class's writes are shed on the node")
                    .tag("node", node)
                    .tag("class", shedClass.name())
                    .strongReference(true)
                    .register(registry));
        }
        meters.add(gauge("redis.guard.memory.used", "bytes", "used_memory of the last sample", b -> {
            MemorySample sample = b.lastSample();
            return sample == null ? Double.NaN : sample.usedMemory();
        }));
        meters.add(gauge(
                "redis.guard.memory.limit", "bytes", "the memory limit the breaker works against", b -> b.limit()));
        meters.add(gauge(
                "redis.guard.memory.ratio",
                null,
                "estimated memory in use as a share of the limit: last sample plus writes admitted since",
                MemoryBreaker::ratio));
        meters.add(gauge(
                "redis.guard.memory.blind",
                null,
                "1 while the node's memory cannot be read (the fail mode decides)",
                b -> b.blind() ? 1 : 0));
    }

    private Gauge gauge(
            String name,
            @Nullable String unit,
            String description,
            java.util.function.ToDoubleFunction<MemoryBreaker> f) {
        return Gauge.builder(name, breaker, f)
                .description(description)
                .baseUnit(unit)
                .tag("node", node)
                .strongReference(true)
                .register(registry);
    }

    public MemoryBreaker breaker() {
        return breaker;
    }

    public String node() {
        return node;
    }

    /**
     * Waits until the first sample has been taken in or has failed, at most {@code timeout}: a client that starts
     * writing at once must not flood a server the breaker knows nothing about yet. Returns early if interrupted,
     * with the interrupt flag set.
     */
    public void awaitFirstSample(Duration timeout) {
        try {
            firstSample.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts sampling: the first sample at once. */
    public synchronized void start() {
        next = executor.schedule(this::sample, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void sampleNow() {
        executor.execute(() -> {
            synchronized (this) {
                if (closed || sampling) {
                    return;
                }
                if (next != null) {
                    next.cancel(false);
                }
                next = executor.schedule(this::sample, 0, TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    public void transition(int shedClass, boolean shedding) {
        executor.execute(() -> mirror(shedClass, shedding));
    }

    private void mirror(int shedClass, boolean shedding) {
        CircuitBreaker mirror = mirrors.get(shedClass);
        String name = config.shedClasses().get(shedClass).name();
        try {
            if (shedding && mirror.getState() != CircuitBreaker.State.FORCED_OPEN) {
                LOG.warn(
                        "Redis Guard sheds writes of class '{}' on {}: memory at {} of the limit",
                        name,
                        node,
                        percent(breaker.ratio()));
                mirror.transitionToForcedOpenState();
            } else if (!shedding && mirror.getState() != CircuitBreaker.State.CLOSED) {
                LOG.info(
                        "Redis Guard admits writes of class '{}' on {} again: memory at {} of the limit",
                        name,
                        node,
                        percent(breaker.ratio()));
                mirror.transitionToClosedState();
            }
        } catch (RuntimeException e) {
            LOG.warn("A Resilience4j event consumer of {} failed; the breaker goes on", mirror.getName(), e);
        }
    }

    private void sample() {
        MemoryBreaker.Request request;
        synchronized (this) {
            if (closed || sampling) {
                return;
            }
            sampling = true;
            next = null;
            request = breaker.request();
        }
        CompletableFuture<String> reply;
        try {
            reply = sampler.info("memory")
                    .thenCompose(memory -> sampler.info("stats").thenApply(stats -> memory + "\r\n" + stats))
                    .toCompletableFuture()
                    .orTimeout(config.sampleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenCompleteAsync((info, error) -> done(request, info, error), executor);
    }

    private void done(MemoryBreaker.Request request, @Nullable String info, @Nullable Throwable error) {
        try {
            if (error == null && info != null) {
                MemorySample sample = InfoParser.parse(node, clock.instant(), info);
                boolean wasBlind = breaker.blind();
                long limit = breaker.onSample(sample, request);
                if (wasBlind) {
                    LOG.info("Redis Guard reads the memory of {} again", node);
                }
                if (sample.maxmemory() == 0 && !unlimitedWarned) {
                    unlimitedWarned = true;
                    LOG.warn(
                            "{} has maxmemory 0 (no limit): Redis Guard sheds against {} bytes ({}); set maxmemory on"
                                    + " the server, or redis-guard memory.limit",
                            node,
                            limit,
                            config.limit().isPresent()
                                    ? "the configured memory.limit"
                                    : "memory.systemMemoryShare of total_system_memory");
                }
            } else {
                failed(error == null ? new IllegalStateException("empty INFO reply") : error);
            }
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            firstSample.countDown();
            synchronized (this) {
                sampling = false;
                if (!closed) {
                    next = executor.schedule(this::sample, breaker.nextDelayMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void failed(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String reason = reason(cause);
        synchronized (this) {
            if (closed) {
                return; // a reply after close(): its meters are gone, and must stay gone
            }
            errors.computeIfAbsent(reason, r -> Counter.builder("redis.guard.memory.sampler.errors")
                            .description("Samples of a node's memory that failed, by reason")
                            .tag("node", node)
                            .tag("reason", r)
                            .register(registry))
                    .increment();
        }
        if (breaker.onSampleFailure()) {
            LOG.warn(
                    "Redis Guard cannot read the memory of {} ({}: {}); fail mode {} applies until it can",
                    node,
                    reason,
                    cause.getMessage(),
                    config.failMode());
        }
    }

    static String reason(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        if (message.startsWith("NOPERM") || message.contains("NOPERM")) {
            return "denied";
        }
        if (cause instanceof TimeoutException) {
            return "timeout";
        }
        if (cause instanceof IllegalArgumentException) {
            return "malformed"; // the server answered, but not what InfoParser can read
        }
        if (message.startsWith("ERR") || message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")) {
            return "refused";
        }
        return "unreachable";
    }

    private static String percent(double ratio) {
        return Double.isNaN(ratio) ? "unknown" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    /** Stops sampling, closes the sampler, unregisters the node's meters and breakers. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        try {
            sampler.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing the memory sampler of {} failed", node, e);
        }
        meters.forEach(registry::remove);
        errors.values().forEach(registry::remove);
        for (CircuitBreaker mirror : mirrors) {
            circuitBreakers.remove(mirror.getName());
        }
    }
}
