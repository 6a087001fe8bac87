/*
 * Copyright 2026 the Redis Guard authors. Licensed under the Apache License, Version 2.0.
 */
package io.github.redisguard.internal.memory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} that runs nothing by itself: tasks wait, in virtual time, until the test runs
 * them with {@link #runDue()} or {@link #advance(long)}. Every {@code schedule} delay is recorded. {@link #clock()}
 * reads the same virtual time. Not thread-safe beyond what the tests need: tasks are queued from any thread, run on
 * the test's.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    /** Virtual time 0. */
    public static final Instant EPOCH = Instant.parse("2026-03-01T12:00:00Z");

    private final List<Task> tasks = new ArrayList<>();

    private final List<Long> delays = new ArrayList<>();

    private long now;

    private long sequence;

    private boolean shutdown;

    /** One queued task; {@code schedule} returns it as its future. */
    public final class Task implements ScheduledFuture<Object> {

        private final Runnable runnable;

        private final long due;

        private final long order;

        private final boolean scheduled;

        private boolean cancelled;

        private boolean done;

        Task(Runnable runnable, long due, boolean scheduled) {
            this.runnable = runnable;
            this.due = due;
            this.order = sequence++;
            this.scheduled = scheduled;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(due - now, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                if (done || cancelled) {
                    return false;
                }
                cancelled = true;
                tasks.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ManualScheduler.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (ManualScheduler.this) {
                return done || cancelled;
            }
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("the monitor never waits for its tasks");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("the monitor never waits for its tasks");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Driving it

    /** Runs every task due now, in due order, including the ones they queue that are due now; returns how many. */
    public int runDue() {
        int ran = 0;
        for (Task task = takeDue(); task != null; task = takeDue()) {
            task.runnable.run();
            if (++ran > 10_000) {
                throw new IllegalStateException("tasks keep queueing tasks that are due at once");
            }
        }
        return ran;
    }

    /** Moves virtual time forward, running each task when its time comes, in order. */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        runDue();
        for (; ; ) {
            synchronized (this) {
                Task next = earliest();
                if (next == null || next.due > target) {
                    now = target;
                    break;
                }
                now = next.due;
            }
            runDue();
        }
        runDue();
    }

    /** Returns the delay of every {@code schedule} call so far, in milliseconds, in call order. */
    public synchronized List<Long> delays() {
        return List.copyOf(delays);
    }

    /** Returns the milliseconds until each scheduled task still waiting (neither run nor cancelled). */
    public synchronized List<Long> pending() {
        List<Long> pending = new ArrayList<>();
        for (Task task : tasks) {
            if (task.scheduled) {
                pending.add(task.due - now);
            }
        }
        return pending;
    }

    /** Returns the number of tasks waiting, scheduled or executed. */
    public synchronized int queued() {
        return tasks.size();
    }

    /** Returns a clock that reads the virtual time, from {@link #EPOCH}. */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                synchronized (ManualScheduler.this) {
                    return EPOCH.plusMillis(now);
                }
            }
        };
    }

    private synchronized Task takeDue() {
        Task next = earliest();
        if (next == null || next.due > now) {
            return null;
        }
        tasks.remove(next);
        next.done = true;
        return next;
    }

    private Task earliest() {
        Task earliest = null;
        for (Task task : tasks) {
            if (earliest == null
                    || task.due < earliest.due
                    || (task.due == earliest.due && task.order < earliest.order)) {
                earliest = task;
            }
        }
        return earliest;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // ScheduledExecutorService

    @Override
    public synchronized void execute(Runnable command) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        tasks.add(new Task(command, now, false));
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        long millis = unit.toMillis(delay);
        delays.add(millis);
        Task task = new Task(command, now + millis, true);
        tasks.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the monitor schedules Runnables only");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the monitor schedules each sample after the last");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the monitor schedules each sample after the last");
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> waiting = new ArrayList<>();
        tasks.forEach(task -> waiting.add(task.runnable));
        tasks.clear();
        return waiting;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
