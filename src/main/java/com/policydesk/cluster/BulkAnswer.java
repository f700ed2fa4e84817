package com.policydesk.cluster;

import java.util.Objects;

/**
 * The answer to one bulk request, as the REST endpoint would have written it.
 *
 * @param decisionId the decision's id; null for a request refused before it was decided
 * @param problem    whether {@code json} is a problem ({@code application/problem+json}) rather than a decision
 * @param json       the body
 */
public record BulkAnswer(String decisionId, boolean problem, byte[] json) {
    public BulkAnswer {
        Objects.requireNonNull(json, "json");
    }

    public String contentType() {
        return problem ? "application/problem+json" : "application/json";
    }
}
