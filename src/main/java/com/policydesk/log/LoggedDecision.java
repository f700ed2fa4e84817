package com.policydesk.log;

import com.policydesk.engine.RuleFile;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision as it is handed to the log, by reference; a log turns it into its own form (a row's JSON) when it
 * takes it.
 *
 * @param decisionId      the id the API answered
 * @param at              when it was decided
 * @param ruleset         the version that decided
 * @param rulesetFiles    that version's files, stored once per version so that the decision can be re-run later
 * @param request         the request as validated, defaults applied
 * @param recommendations as answered
 * @param durationNanos   how long deciding took
 * @param queuedNanos     {@link System#nanoTime()} when it was queued: the writer commits it within one window of it
 */
public record LoggedDecision(
        String decisionId,
        Instant at,
        String ruleset,
        List<RuleFile> rulesetFiles,
        DecisionRequest request,
        List<Recommendation> recommendations,
        long durationNanos,
        long queuedNanos) {

    public LoggedDecision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(rulesetFiles, "rulesetFiles");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(recommendations, "recommendations");
        if (durationNanos < 0) {
            throw new IllegalArgumentException("durationNanos must not be negative, was " + durationNanos);
        }
    }
}
