package com.policydesk.log;

import java.time.Instant;

/**
 * Which logged decisions to list, newest first. Null fields do not filter.
 *
 * @param customerId the customer id as given by the CRM (hashed here when the log hashes it)
 * @param code       decisions with at least one recommendation of this code
 * @param from       decided at or after
 * @param to         decided before
 * @param limit      1 to {@value #MAX_LIMIT}
 * @param before     the cursor of the previous page: only decisions older than it
 */
public record DecisionQuery(String customerId, String code, Instant from, Instant to, int limit, Long before) {
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public DecisionQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }
}
