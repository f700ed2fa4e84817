package com.policydesk.log;

import com.policydesk.engine.RuleFile;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A decision as the log stores it, the same for the SQLite file (one row) and the Kafka topic (one record): redacted,
 * its request and recommendations as JSON (UTF-8 bytes), its codes column and its time as text. Made once, when the
 * log takes the decision.
 *
 * @param customerKey the customer id as the log keeps it: hashed, or null when the log drops it
 * @param queuedNanos {@link System#nanoTime()} when it was handed to the log
 */
public record LogEntry(String decisionId, String at, String ruleset, List<RuleFile> rulesetFiles, String customerKey,
                       String codes, byte[] request, byte[] recommendations, long durationMicros, long queuedNanos) {

    static LogEntry of(LoggedDecision decision, DecisionJson json, Redaction redaction) {
        return new LogEntry(decision.decisionId(), LogTime.format(decision.at()), decision.ruleset(),
                decision.rulesetFiles(), redaction.customerKey(decision.request().customer().id()),
                Codes.column(decision.recommendations()), json.request(decision.request(), redaction),
                json.recommendations(decision.recommendations()), TimeUnit.NANOSECONDS.toMicros(decision.durationNanos()),
                decision.queuedNanos());
    }
}
