package com.policydesk.log;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the decision log runs.
 *
 * @param file           the SQLite file
 * @param queueCapacity  decisions waiting for the writer at most
 * @param commitInterval the longest a queued decision waits for its commit: a crash loses at most this window
 * @param whenFull       shed or drop when the queue is full
 * @param maxAge         decisions older than this are deleted
 * @param maxSizeBytes   the file's bound: the oldest decisions are deleted, as the log writes, to stay within it
 * @param redaction      request fields hashed or dropped before they are written
 * @param retentionEvery how often decisions older than the age are looked for
 */
public record DecisionLogSettings(
        Path file,
        int queueCapacity,
        Duration commitInterval,
        WhenFull whenFull,
        Duration maxAge,
        long maxSizeBytes,
        Redaction redaction,
        Duration retentionEvery) {

    public DecisionLogSettings {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(whenFull, "whenFull");
        Objects.requireNonNull(redaction, "redaction");
        requirePositive(commitInterval, "commitInterval");
        requirePositive(maxAge, "maxAge");
        requirePositive(retentionEvery, "retentionEvery");
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        if (maxSizeBytes < 1) {
            throw new IllegalArgumentException("maxSizeBytes must be positive, was " + maxSizeBytes);
        }
    }

    /** Defaults for a file: 10,000 queued, 100 ms commits, shed, 30 days, 1 GiB, nothing redacted. */
    public static DecisionLogSettings defaults(Path file) {
        return new DecisionLogSettings(file, 10_000, Duration.ofMillis(100), WhenFull.SHED, Duration.ofDays(30),
                1L << 30, Redaction.NONE, Duration.ofMinutes(1));
    }

    public DecisionLogSettings withQueueCapacity(int capacity) {
        return new DecisionLogSettings(file, capacity, commitInterval, whenFull, maxAge, maxSizeBytes, redaction, retentionEvery);
    }

    public DecisionLogSettings withWhenFull(WhenFull policy) {
        return new DecisionLogSettings(file, queueCapacity, commitInterval, policy, maxAge, maxSizeBytes, redaction, retentionEvery);
    }

    public DecisionLogSettings withRetention(Duration age, long sizeBytes) {
        return new DecisionLogSettings(file, queueCapacity, commitInterval, whenFull, age, sizeBytes, redaction, retentionEvery);
    }

    public DecisionLogSettings withRedaction(Redaction fields) {
        return new DecisionLogSettings(file, queueCapacity, commitInterval, whenFull, maxAge, maxSizeBytes, fields, retentionEvery);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
