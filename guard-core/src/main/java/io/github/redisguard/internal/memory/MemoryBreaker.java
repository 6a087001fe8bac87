/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.memory;

import io.github.redisguard.WriteShedException;
import io.github.redisguard.internal.Admission;
import io.github.redisguard.internal.GuardMetrics;
import io.github.redisguard.internal.ResolvedRule;
import io.github.redisguard.internal.Tally;
import io.github.redisguard.memory.FailMode;
import io.github.redisguard.memory.MemoryConfig;
import io.github.redisguard.memory.MemorySample;
import io.github.redisguard.memory.ShedAction;
import io.github.redisguard.memory.ShedClass;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/*
 * The breaker of one node: pure decisions, no threads, no I/O (MemoryMonitor brings those).
 *
 * Estimate. A sample says used_memory U. It was requested when the bytes of completed writes stood at C; writes
 * completed before the request are in U. Everything admitted since, minus nothing, is counted on top:
 *   estimate = U + (admitted_now - C)
 *              + (admitted_now - completed_now)   (in flight: in the server's query buffer as well)
 * with admitted and completed counted in weighted bytes (arguments x overhead factor + write overhead, a model
 * calibrated in docs/memory-breaker.md). Writes in flight at the request may be in U and in the sum at once, which
 * errs high; the model errs low only for shapes it underrates (tiny strings), and then by at most its error on what
 * was admitted since the last sample, since a sample is requested whenever sampleTrigger x limit was admitted.
 *
 * Decisions. A write of class c is shed while c is open. c opens as soon as the estimate reaches its threshold, on a
 * write or a sample; it closes only on a sample below threshold - hysteresis. A write that would reach the threshold
 * of its own class is shed, and being shed it adds nothing to the estimate: it opens its own class (and stricter
 * ones), never a class that sheds later than its own, and asks for a sample at once. An OOM reply from the server
 * opens every class at once and lifts the estimate to the limit, until a sample requested after the OOM says
 * otherwise (with no limit known, for maxSampleInterval: then writes try again, and the next OOM reopens). While
 * samples fail, the fail mode decides: CLOSED sheds every write that adds memory; OPEN admits when there never was a
 * sample, and otherwise goes on estimating from the last one (the estimate only grows without samples, so it errs
 * towards shedding; a server restarted empty is seen as such at the first sample that succeeds).
 */
public final class MemoryBreaker implements Admission {

    /** Told about state changes; called on the thread that caused them, must not block. */
    public interface Listener {
        /** A shed class opened (shedding) or closed. */
        void transition(int shedClass, boolean shedding);

        /** The estimate moved enough since the last sample that a new one is worth taking now. */
        void sampleNow();
    }

    /** What a sample request captured, to interpret its reply. */
    public static final class Request {
        final long completedAtRequest;
        final long oomGeneration;

        Request(long completedAtRequest, long oomGeneration) {
            this.completedAtRequest = completedAtRequest;
            this.oomGeneration = oomGeneration;
        }
    }

    private final MemoryConfig config;

    private final ShedClass[] classes;

    private final int[] ruleClass;

    private final GuardMetrics metrics;

    private final Listener listener;

    private final double lowestThreshold;

    private final double overheadFactor;

    private final long writeOverhead;

    private final AtomicLong admitted = new AtomicLong();

    private final AtomicLong completed = new AtomicLong();

    private final AtomicLong oomGeneration = new AtomicLong();

    private final AtomicInteger shedding = new AtomicInteger();

    private volatile long base;

    private volatile long completedAtRequest;

    private volatile long limit;

    private volatile long triggerAt = Long.MAX_VALUE;

    private volatile boolean blind;

    private volatile boolean oomOpen;

    private volatile long oomAt;

    private final long oomHoldNanos;

    private final LongSupplier nanoTime;

    private volatile @Nullable MemorySample lastSample;

    public MemoryBreaker(MemoryConfig config, List<ResolvedRule> rules, GuardMetrics metrics, Listener listener) {
        this(config, rules, metrics, listener, System::nanoTime);
    }

    /** As above, with the clock that times the hold of an OOM reply when memory cannot be read. */
    public MemoryBreaker(
            MemoryConfig config,
            List<ResolvedRule> rules,
            GuardMetrics metrics,
            Listener listener,
            LongSupplier nanoTime) {
        this.config = config;
        this.nanoTime = nanoTime;
        this.oomHoldNanos = config.maxSampleInterval().toNanos();
        this.classes = config.shedClasses().toArray(new ShedClass[0]);
        if (classes.length > 31) {
            throw new IllegalArgumentException("memory.shedClasses must be at most 31, but were " + classes.length);
        }
        this.ruleClass = new int[rules.size()];
        for (ResolvedRule rule : rules) {
            ruleClass[rule.index()] = indexOf(rule.shedClass());
        }
        this.metrics = metrics;
        this.listener = listener;
        double lowest = 1.0;
        for (ShedClass c : classes) {
            lowest = Math.min(lowest, c.threshold());
        }
        this.lowestThreshold = lowest;
        this.overheadFactor = config.overheadFactor();
        this.writeOverhead = config.writeOverhead().toBytes();
    }

    private int indexOf(String name) {
        for (int i = 0; i < classes.length; i++) {
            if (classes[i].name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no shed class named " + name);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The write path

    @Override
    public boolean admit(Tally tally, long bytes) {
        if (blind && config.failMode() == FailMode.CLOSED) {
            return shed(tally, WriteShedException.Reason.FAIL_CLOSED, Double.NaN);
        }
        long limit = this.limit;
        if (limit <= 0) {
            // No sample yet (or never one: fail open), or a server without a limit we could determine. Only an OOM
            // reply says anything then: it holds every class open for a while, and then a write may try again.
            return !oomOpen || oomExpired() || shed(tally, WriteShedException.Reason.OOM, Double.NaN);
        }
        // Blind but failing open after earlier samples: the estimate goes on from the last sample, and since it
        // only grows without samples, it errs on the side of shedding until sampling recovers.
        long weight = weight(bytes);
        long total = admitted.addAndGet(weight);
        // The estimate once this write is stored; the others in flight count twice (see inFlight).
        double ratio = (double) (base + total - completedAtRequest + inFlight(total - weight)) / limit;
        int mask = shedding.get();
        boolean open = false;
        double strictest = Double.MAX_VALUE;
        for (int i = 0; i < tally.size(); i++) {
            int c = ruleClass[tally.rule(i).index()];
            open |= (mask & (1 << c)) != 0;
            strictest = Math.min(strictest, classes[c].threshold());
        }
        if (open || ratio >= strictest) {
            // Not sent, so the write does not move the estimate: it opens its own class (and stricter ones) when
            // it reached that, never a class that sheds later than its own.
            admitted.addAndGet(-weight);
            if (openReached(Math.min(ratio, strictest))) {
                requestSample();
            }
            return shed(tally, oomOpen ? WriteShedException.Reason.OOM : WriteShedException.Reason.MEMORY, ratio);
        }
        if (openReached(ratio) || total >= triggerAt) {
            requestSample();
        }
        return true;
    }

    /**
     * A write moved the estimate enough (or opened a class, so the delay scheduled at the last sample, perhaps the
     * longest, no longer fits): a sample now. Once until the next sample.
     */
    private void requestSample() {
        triggerAt = Long.MAX_VALUE;
        listener.sampleNow();
    }

    /** Sheds: counts it, then drops (false) or throws as the strictest rule of the write says. */
    private boolean shed(Tally tally, WriteShedException.Reason reason, double ratio) {
        ResolvedRule rule = tally.rule(0);
        for (int i = 1; i < tally.size(); i++) {
            ResolvedRule other = tally.rule(i);
            if (classes[ruleClass[other.index()]].threshold() < classes[ruleClass[rule.index()]].threshold()) {
                rule = other;
            }
        }
        metrics.shed(rule, reason);
        if (rule.onShed() == ShedAction.DROP) {
            return false;
        }
        ShedClass shedClass = classes[ruleClass[rule.index()]];
        throw new WriteShedException(rule.name(), shedClass.name(), shedClass.threshold(), ratio, reason);
    }

    /** Reports a command that had {@code bytes} counted as completed; an OOM error trips the breaker. */
    public void completed(long bytes, @Nullable String error) {
        completed.addAndGet(weight(bytes));
        if (error != null && isOom(error)) {
            oom();
        }
    }

    static boolean isOom(String error) {
        return error.startsWith("OOM ") || error.contains("OOM command not allowed");
    }

    /**
     * While no limit is known, whether the hold of the last OOM reply has run out; if so, closes the classes it opened.
     */
    private boolean oomExpired() {
        if (nanoTime.getAsLong() - oomAt < oomHoldNanos) {
            return false;
        }
        synchronized (this) {
            if (oomOpen && limit <= 0) {
                oomOpen = false;
                for (int i = 0; i < classes.length; i++) {
                    close(i);
                }
            }
        }
        return true;
    }

    /**
     * The server answered OOM: shed everything until a sample requested after now shows room; when no sample can say
     * (memory not readable), for {@code maxSampleInterval}, after which writes try again.
     */
    public void oom() {
        oomAt = nanoTime.getAsLong();
        oomGeneration.incrementAndGet();
        oomOpen = true;
        if (limit > 0) {
            base = Math.max(base, limit + completedAtRequest - admitted.get());
        }
        for (int i = 0; i < classes.length; i++) {
            open(i);
        }
        listener.sampleNow();
    }

    private long weight(long bytes) {
        return (long) Math.ceil(bytes * overheadFactor) + writeOverhead;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Samples

    /** Captures what a sample about to be requested must be read against. */
    public Request request() {
        return new Request(completed.get(), oomGeneration.get());
    }

    /** Takes in a sample; returns the limit it implies (0 when none could be determined). */
    public long onSample(MemorySample sample, Request request) {
        long newLimit = limitOf(sample);
        this.base = sample.usedMemory();
        this.completedAtRequest = request.completedAtRequest;
        this.limit = newLimit;
        this.lastSample = sample;
        if (oomGeneration.get() == request.oomGeneration) {
            oomOpen = false;
        }
        blind = false;
        if (newLimit <= 0) {
            for (int i = 0; i < classes.length; i++) {
                close(i);
            }
            return 0;
        }
        double ratio = ratio();
        if (!oomOpen) {
            for (int i = 0; i < classes.length; i++) {
                if (ratio < classes[i].threshold() - config.hysteresis()) {
                    close(i);
                }
            }
        }
        openReached(ratio);
        triggerAt = admitted.get() + Math.max(1, (long) (newLimit * config.sampleTrigger()));
        return newLimit;
    }

    /** A sample failed: until the next one succeeds, the fail mode decides. Returns whether this began a failure. */
    public boolean onSampleFailure() {
        boolean began = !blind;
        blind = true;
        return began;
    }

    private long limitOf(MemorySample sample) {
        if (sample.maxmemory() > 0) {
            return sample.maxmemory();
        }
        if (config.limit().isPresent()) {
            return config.limit().get().toBytes();
        }
        return (long) (sample.totalSystemMemory() * config.systemMemoryShare());
    }

    /** Opens every class whose threshold {@code ratio} reached; returns whether that opened any class not yet open. */
    private boolean openReached(double ratio) {
        boolean opened = false;
        for (int i = 0; i < classes.length; i++) {
            if (ratio >= classes[i].threshold()) {
                opened |= open(i);
            }
        }
        return opened;
    }

    private boolean open(int i) {
        int bit = 1 << i;
        int mask;
        do {
            mask = shedding.get();
            if ((mask & bit) != 0) {
                return false;
            }
        } while (!shedding.compareAndSet(mask, mask | bit));
        listener.transition(i, true);
        return true;
    }

    private void close(int i) {
        int bit = 1 << i;
        int mask;
        do {
            mask = shedding.get();
            if ((mask & bit) == 0) {
                return;
            }
        } while (!shedding.compareAndSet(mask, mask & ~bit));
        listener.transition(i, false);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // State, for the sampler's schedule, gauges and tests

    /** The estimated bytes in use now. */
    public long estimate() {
        long total = admitted.get();
        return base + total - completedAtRequest + inFlight(total);
    }

    /**
     * Writes admitted and not yet completed count once more: until the server has executed them they also sit in its
     * query buffer, which used_memory includes (a pipeline of 512 1 KB SETs is half a megabyte there at once).
     */
    private long inFlight(long admittedTotal) {
        return Math.max(0, admittedTotal - completed.get());
    }

    /** The estimate as a share of the limit; NaN while the limit is unknown. */
    public double ratio() {
        long limit = this.limit;
        return limit <= 0 ? Double.NaN : (double) estimate() / limit;
    }

    public long limit() {
        return limit;
    }

    public boolean blind() {
        return blind;
    }

    public boolean shedding(int shedClass) {
        return (shedding.get() & (1 << shedClass)) != 0;
    }

    public @Nullable MemorySample lastSample() {
        return lastSample;
    }

    public List<ShedClass> classes() {
        return List.of(classes);
    }

    /**
     * How long until the next sample: the longest interval far below the lowest threshold (20 points or more), the
     * shortest near or above it and while any class is open, in between linearly; 250 ms (within min..max) while
     * memory cannot be read, and the longest while the last sample gave no limit.
     */
    public long nextDelayMillis() {
        long min = config.minSampleInterval().toMillis();
        long max = config.maxSampleInterval().toMillis();
        if (blind) {
            // Whatever the last sample said: under fail closed every write waits for the next sample that succeeds.
            return Math.max(min, Math.min(max, 250));
        }
        if (shedding.get() != 0) {
            return min;
        }
        double ratio = ratio();
        if (Double.isNaN(ratio)) {
            // A server whose limit cannot be determined (maxmemory 0, no total_system_memory, no memory.limit):
            // nothing to shed against, so no reason to read it at the shortest interval.
            return lastSample != null ? max : min;
        }
        double distance = lowestThreshold - ratio;
        if (distance <= 0.05) {
            return min;
        }
        if (distance >= 0.20) {
            return max;
        }
        return min + (long) ((max - min) * (distance - 0.05) / 0.15);
    }
}
