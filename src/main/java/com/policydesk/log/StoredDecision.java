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
 * @param request         the request as received (compact, with its {@code asOf}, redacted), or as validated in a
 *                        file of the first schema: JSON that {@code RequestReader} reads back
 * @param recommendations as decided, without their words (and without kind and policy in the SQLite log)
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
