package com.policydesk.cluster;

import java.util.Optional;

/** Decides one bulk request body as the REST endpoint decides one, under the id given. */
@FunctionalInterface
public interface BulkDecider {
    /**
     * @return the answer; empty when the decision log has no room now and sheds: the caller waits and asks again
     */
    Optional<BulkAnswer> answer(byte[] body, String decisionId);
}
