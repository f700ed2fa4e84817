package com.policydesk.scenario;

/**
 * A logged decision that cannot be kept as a scenario as asked: its request was redacted, the suite already has a
 * scenario of that id, or the suite file cannot take one more. {@link #reason()} tells them apart.
 */
public final class KeepRefusedException extends RuntimeException {
    private final Reason reason;

    public KeepRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public enum Reason {
        /** The request as logged holds hashes, or lacks fields the log drops: a scenario of it would be another request. */
        REDACTED,
        /** The suite file already holds a scenario with this id. */
        SCENARIO_EXISTS,
        /** The suite file does not parse, or does not end with its scenarios list. */
        SUITE_INVALID
    }
}
