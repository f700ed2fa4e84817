package com.policydesk.service;

import com.policydesk.error.EvaluationException;

/** A decision that failed after its request was accepted: a bug in the rules or the engine, already logged. */
public final class DecisionFailedException extends RuntimeException {
    private final String decisionId;

    DecisionFailedException(String decisionId, EvaluationException cause) {
        super("decision " + decisionId + " failed: " + cause.code(), cause);
        this.decisionId = decisionId;
    }

    public String decisionId() {
        return decisionId;
    }
}
