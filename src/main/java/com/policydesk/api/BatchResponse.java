package com.policydesk.api;

import java.util.List;

/**
 * The answer to a batch: one result per request, in the same order; each is a {@link DecisionResponse} or a
 * {@link Problem} for that item alone.
 */
public record BatchResponse(List<Object> results) {
    public BatchResponse {
        results = List.copyOf(results);
    }
}
