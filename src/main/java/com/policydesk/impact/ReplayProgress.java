package com.policydesk.impact;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a replay of the whole log stands, read by anyone while it runs: how many decisions it went through, of how
 * many, at what rate; cancelled by anyone. Thread-safe.
 */
public final class ReplayProgress {
    /** What a replay is doing. */
    public enum State { RUNNING, DONE, CANCELLED, FAILED }

    private final String candidate;
    private final String active;
    private final long total;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
    private volatile long endedNanos;
    private volatile ImpactReport report;
    private volatile String failure;
    private volatile boolean cancelRequested;

    /** @param total how many decisions the log held in the window when the replay started (more may come) */
    public ReplayProgress(String candidate, String active, long total) {
        this.candidate = candidate;
        this.active = active;
        this.total = total;
    }

    /** Asks the replay to stop; it stops after the decisions it is deciding. False when it had ended already. */
    public boolean cancel() {
        cancelRequested = true;
        return state.get() == State.RUNNING;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void advance(int decisions) {
        done.addAndGet(decisions);
    }

    void finish(ImpactReport report, boolean cancelled) {
        this.report = report;
        end(cancelled ? State.CANCELLED : State.DONE);
    }

    public void fail(String why) {
        this.failure = why;
        end(State.FAILED);
    }

    private void end(State ended) {
        endedNanos = System.nanoTime();
        state.set(ended);
    }

    /** What a status answer shows: the numbers now, and the report once it has ended (partial when cancelled). */
    public Status status() {
        State now = state.get();
        long elapsed = (now == State.RUNNING ? System.nanoTime() : endedNanos) - startedNanos;
        long decided = done.get();
        double seconds = elapsed / 1e9;
        long rate = seconds > 0 ? Math.round(decided / seconds) : 0;
        return new Status(now, cancelRequested, candidate, active, startedAt, Duration.ofNanos(elapsed).toMillis(), decided,
                total, rate, failure, now == State.RUNNING ? null : report);
    }

    /**
     * @param cancelRequested whether it was asked to stop (it is RUNNING until the decisions in hand are decided)
     * @param decided       logged decisions gone through (replayed or skipped)
     * @param total         how many the window held when the replay started
     * @param perSecond     decisions gone through a second, each decided on both versions
     * @param report        once ended: the impact report (of the decisions gone through, when cancelled)
     */
    public record Status(State state, boolean cancelRequested, String candidate, String active, Instant startedAt, long elapsedMillis,
                         long decided, long total, long perSecond, String failure, ImpactReport report) {
    }
}
