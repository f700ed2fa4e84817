package com.policydesk.impact;

import java.util.Objects;

/**
 * A logged request to replay.
 *
 * @param decisionId the id it was answered under
 * @param json       the request as validated, with the API's field names
 */
public record LoggedRequest(String decisionId, String json) {
    public LoggedRequest {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(json, "json");
    }
}
