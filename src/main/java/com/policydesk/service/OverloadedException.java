package com.policydesk.service;

/**
 * The decision log's queue is full and the policy is to shed: the request is refused (503 with Retry-After) rather
 * than answered without being logged.
 */
public final class OverloadedException extends RuntimeException {
    private final long retryAfterSeconds;

    public OverloadedException(long retryAfterSeconds) {
        super("the decision log is full; retry in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
