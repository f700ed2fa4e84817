package com.policydesk.log;

import java.time.Duration;

/**
 * Where logged decisions go: the SQLite file ({@link DecisionLog}) or a Kafka topic. A sink takes a decision without
 * waiting (any thread may offer, the event loop included), bounds what it holds, and counts what became of each.
 * Thread-safe.
 */
public interface DecisionSink extends AutoCloseable {
    /** Whether a decision made now could be taken: lets a shedding caller refuse before deciding. */
    boolean hasRoom();

    /** Takes a decision without waiting; when the sink is full, its policy says whether to refuse or drop. */
    Admission offer(LoggedDecision decision);

    /**
     * Waits until everything offered before this call is stored (or the timeout passes).
     *
     * @return whether everything was stored in time
     */
    boolean flush(Duration timeout) throws InterruptedException;

    /** Decisions answered but not logged because the sink was full (policy drop). */
    long dropped();

    /** Decisions refused because the sink was full (policy shed) or closing. */
    long refused();

    /** Decisions stored since the sink was opened. */
    long written();

    /** Decisions that could not be stored (each failure is logged). */
    long failed();

    /** Decisions taken but not stored yet. */
    int queueSize();

    /** Stops taking decisions, stores what it holds, and releases its resources. */
    @Override
    void close() throws InterruptedException;
}
