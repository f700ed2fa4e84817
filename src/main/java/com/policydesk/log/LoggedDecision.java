package com.policydesk.log;

import com.policydesk.engine.RuleFile;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One decision as it is handed to the log: what the caller already holds, by reference, so that handing it over
 * costs the caller (an event loop) next to nothing; a log turns it into its own form on its own thread. It holds
 * the request's body rather than the request, a single array the garbage collector copies cheaply while the
 * decision waits, where the request is a graph of objects.
 *
 * @param decisionId      the id the API answered
 * @param at              when it was decided
 * @param ruleset         the version that decided
 * @param rulesetFiles    that version's files, stored once per version so that the decision can be re-run later
 * @param customerId      the request's customer id
 * @param asOf            the day it was decided for: the request's {@code asOf}, or the day it defaulted to
 * @param request         the body as received (UTF-8 JSON), or the request as validated written as JSON
 * @param recommendations as answered
 * @param durationNanos   how long deciding took
 * @param queuedNanos     {@link System#nanoTime()} when it was handed over: the writer commits it within one window of it
 */
public record LoggedDecision(
        String decisionId,
        Instant at,
        String ruleset,
        List<RuleFile> rulesetFiles,
        String customerId,
        LocalDate asOf,
        byte[] request,
        List<Recommendation> recommendations,
        long durationNanos,
        long queuedNanos) {

    public LoggedDecision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(rulesetFiles, "rulesetFiles");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(recommendations, "recommendations");
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos must not be negative, was " + durationNanos);
        }
    }

    /** How long deciding took, in the microseconds a row stores. */
    public long durationMicros() {
        return TimeUnit.NANOSECONDS.toMicros(durationNanos);
    }

    /**
     * A decision made now.
     *
     * @param body the body the request was read from, exactly as received; null when there is none (a batch's
     *             item), or when it is not UTF-8: then the request is written as JSON here, on the caller's thread
     */
    public static LoggedDecision of(String decisionId, String ruleset, List<RuleFile> rulesetFiles, DecisionRequest request,
                                    byte[] body, List<Recommendation> recommendations, long durationNanos) {
        byte[] stored = body != null && RequestBody.isUtf8Object(body) ? body : DecisionJson.request(request);
        return new LoggedDecision(decisionId, Instant.now(), ruleset, rulesetFiles, request.customer().id(),
                request.asOf(), stored, recommendations, durationNanos, System.nanoTime());
    }
}
