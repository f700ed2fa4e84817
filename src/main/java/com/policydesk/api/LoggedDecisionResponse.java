package com.policydesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.policydesk.engine.Decision;
import com.policydesk.impact.DecisionDiff;
import com.policydesk.model.Recommendation;
import com.policydesk.service.DecisionLookupService;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/decisions/{decisionId}}: a logged decision.
 *
 * @param request         the request as validated (and redacted), as the log keeps it
 * @param recommendations as the API answered them; only code, subscription and details when they could not be rebuilt
 * @param rerun           with {@code ?rerun=true}: the request decided now on its original version and on the active one
 */
@JsonPropertyOrder({"decisionId", "at", "ruleset", "durationMicros", "request", "recommendations", "rerun"})
public record LoggedDecisionResponse(String decisionId, Instant at, String ruleset, long durationMicros,
                                     @JsonRawValue String request, List<?> recommendations,
                                     @JsonInclude(JsonInclude.Include.NON_NULL) Rerun rerun) {

    static LoggedDecisionResponse of(DecisionLookupService.Found found) {
        var decision = found.decision();
        List<?> recommendations = found.answered() != null ? found.answered() : decision.recommendations();
        return new LoggedDecisionResponse(decision.decisionId(), decision.at(), decision.ruleset(), decision.durationMicros(),
                found.request(), recommendations, found.rerun() == null ? null : Rerun.of(found.rerun()));
    }

    /** The answers of both versions now, and what the active one adds to the original's and takes away. */
    public record Rerun(Answer original, Answer active, DecisionDiff difference) {
        static Rerun of(DecisionLookupService.Rerun rerun) {
            return new Rerun(Answer.of(rerun.original()), Answer.of(rerun.active()), rerun.difference());
        }
    }

    public record Answer(String ruleset, List<Recommendation> recommendations) {
        static Answer of(Decision decision) {
            return new Answer(decision.ruleset(), decision.recommendations());
        }
    }
}
