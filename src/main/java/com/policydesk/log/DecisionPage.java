package com.policydesk.log;

import java.util.List;

/**
 * A page of a listing.
 *
 * @param decisions  newest first
 * @param nextCursor the cursor of the next page, or null on the last one
 */
public record DecisionPage(List<StoredDecision> decisions, Long nextCursor) {
    public DecisionPage {
        decisions = List.copyOf(decisions);
    }
}
