package com.policydesk.cluster;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A failure that can repeat thousands of times a second (every send while a broker is away) logged at most once per
 * period, with how many happened since the last line: the operator sees it without the log drowning. Thread-safe.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long periodNanos;
    private final AtomicLong nextAt = new AtomicLong(System.nanoTime());
    private final AtomicLong unreported = new AtomicLong();

    RateLimitedLog(Logger log, Duration period) {
        this.log = log;
        this.periodNanos = period.toNanos();
    }

    /** Counts one failure, and logs it when the period since the last line has passed. */
    void error(String what, Throwable cause) {
        long count = unreported.incrementAndGet();
        long due = nextAt.get();
        long now = System.nanoTime();
        if (now - due >= 0 && nextAt.compareAndSet(due, now + periodNanos)) {
            unreported.addAndGet(-count);
            log.errorf("%s (%d such failures since the last report): %s", what, count, cause.toString());
        }
    }
}
