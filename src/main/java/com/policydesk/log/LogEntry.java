package com.policydesk.log;

import com.policydesk.engine.RuleFile;
import com.policydesk.model.Recommendation;

import java.time.Instant;
import java.util.List;

/**
 * A decision as the log stores it, the same for the SQLite file (one row) and the Kafka topic (one record): its
 * request as received, compact, with its {@code asOf}, and redacted; its customer id as the log keeps it. Made on
 * the log's own thread from a {@link LoggedDecision}.
 *
 * @param customerKey the customer id as the log keeps it: hashed, or null when the log drops it
 * @param request     UTF-8 JSON without line breaks (see {@link RequestBody})
 * @param queuedNanos {@link System#nanoTime()} when it was handed to the log
 */
public record LogEntry(String decisionId, Instant at, String ruleset, List<RuleFile> rulesetFiles, String customerKey,
                       byte[] request, List<Recommendation> recommendations, long durationMicros, long queuedNanos) {

    /**
     * @param scratch a buffer the request is compacted in (reused by the caller's thread)
     */
    static LogEntry of(LoggedDecision decision, Redaction redaction, JsonBuffer scratch) {
        scratch.clear();
        RequestBody.compact(decision.request(), decision.asOf(), scratch);
        byte[] request = scratch.toByteArray();
        if (!redaction.isNone()) {
            request = DecisionJson.redacted(request, redaction);
        }
        return new LogEntry(decision.decisionId(), decision.at(), decision.ruleset(), decision.rulesetFiles(),
                redaction.customerKey(decision.customerId()), request, decision.recommendations(),
                decision.durationMicros(), decision.queuedNanos());
    }
}
