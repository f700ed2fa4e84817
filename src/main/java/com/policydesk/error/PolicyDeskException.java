package com.policydesk.error;

/**
 * Root of PolicyDesk's errors. Each stage has its own subtype, so a caller can tell a refused rule set
 * ({@link RuleSetException}) from a refused request ({@link InvalidRequestException}) from a failed
 * evaluation ({@link EvaluationException}). {@link #code()} is the stable snake_case code of the error.
 */
public abstract class PolicyDeskException extends RuntimeException {
    protected PolicyDeskException(String message) {
        super(message);
    }

    protected PolicyDeskException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The stable, snake_case error code. */
    public abstract String code();
}
