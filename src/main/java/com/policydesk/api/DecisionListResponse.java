package com.policydesk.api;

import com.policydesk.log.DecisionPage;
import com.policydesk.log.StoredDecision;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/decisions}: a page of logged decisions, newest first.
 *
 * @param nextCursor pass it as {@code ?cursor=} for the next page; null on the last one
 */
public record DecisionListResponse(List<Item> decisions, String nextCursor) {
    static DecisionListResponse of(DecisionPage page) {
        return new DecisionListResponse(page.decisions().stream().map(Item::of).toList(),
                page.nextCursor() == null ? null : page.nextCursor().toString());
    }

    /** One decision in short: look it up by id for the request and the recommendations. */
    public record Item(String decisionId, Instant at, String ruleset, String customerId, List<String> codes) {
        static Item of(StoredDecision decision) {
            return new Item(decision.decisionId(), decision.at(), decision.ruleset(), decision.customerId(), decision.codes());
        }
    }
}
