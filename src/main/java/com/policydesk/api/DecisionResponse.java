package com.policydesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.policydesk.engine.Decision;
import com.policydesk.model.Recommendation;

import java.time.LocalDate;
import java.util.List;

/**
 * The answer to one request.
 *
 * @param decisionId      unique id of this decision, for logs and support
 * @param ruleset         the version of the rule set that decided
 * @param asOf            the day decided for
 * @param recommendations in the contract's order
 * @param trace           with {@code ?explain=true} only
 */
@JsonPropertyOrder({"decisionId", "ruleset", "asOf", "recommendations", "trace"})
public record DecisionResponse(
        String decisionId,
        String ruleset,
        LocalDate asOf,
        List<Recommendation> recommendations,
        @JsonInclude(JsonInclude.Include.NON_NULL) Trace trace) {

    public static DecisionResponse of(String decisionId, Decision decision, boolean explain) {
        return new DecisionResponse(decisionId, decision.ruleset(), decision.asOf(), decision.recommendations(),
                explain ? Trace.of(decision) : null);
    }
}
