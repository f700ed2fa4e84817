package com.policydesk.error;

/** The evaluate stage: a valid request could not be decided (a runaway rule set, a failing rule). */
public final class EvaluationException extends PolicyDeskException {
    private final String code;

    public EvaluationException(String code, String message) {
        super(message);
        this.code = code;
    }

    public EvaluationException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }
}
