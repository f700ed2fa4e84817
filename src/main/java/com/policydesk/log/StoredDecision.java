package com.policydesk.log;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A decision read back from the log.
 *
 * @param sequence        its place in the log (newer is larger): the cursor of a listing
 * @param decisionId      the id the API answered
 * @param at              when it was decided
 * @param ruleset         the version that decided
 * @param customerId      the customer id as logged (hashed or null when redacted)
 * @param request         the request as validated (and redacted), JSON with the API's field names
 * @param recommendations as answered, without messages
 * @param durationMicros  how long deciding took
 */
public record StoredDecision(long sequence, String decisionId, Instant at, String ruleset, String customerId,
                             String request, List<StoredRecommendation> recommendations, long durationMicros) {
    public StoredDecision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(request, "request");
        recommendations = List.copyOf(recommendations);
    }

    public List<String> codes() {
        return recommendations.stream().map(StoredRecommendation::code).distinct().toList();
    }
}
