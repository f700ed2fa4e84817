package com.policydesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.policydesk.engine.DecisionTableRow;
import com.policydesk.engine.RuleSetHistoryEntry;
import com.policydesk.engine.RuleInfo;
import com.policydesk.engine.RuleSet;
import com.policydesk.impact.ImpactReport;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/v1/ruleset}: the active rule set, its files, rules and DMN decisions. */
public record RuleSetSummary(
        String version,
        Instant loadedAt,
        String source,
        List<FileSummary> files,
        List<RuleInfo> rules,
        List<String> decisions,
        List<DecisionTableRow> decisionTableRows,
        @JsonInclude(JsonInclude.Include.NON_NULL) Rejection lastRejected,
        Pending pending) {

    public static RuleSetSummary of(RuleSet ruleSet, Optional<RuleSetHistoryEntry> lastRejected, Optional<Pending> pending) {
        return new RuleSetSummary(ruleSet.version(), ruleSet.loadedAt(), ruleSet.source(),
                ruleSet.files().stream().map(file -> new FileSummary(file.path(), file.sha256())).toList(),
                ruleSet.rules(), ruleSet.decisions(), ruleSet.decisionTableRows(),
                lastRejected.map(Rejection::of).orElse(null), pending.orElse(null));
    }

    /**
     * The candidate waiting to be published (manual activation) and what publishing it would change on the newest
     * logged requests; null when there is none.
     */
    public record Pending(String version, ImpactReport impact) {
    }

    /** The last candidate refused since the active version went live: when, and why in short. */
    public record Rejection(String version, Instant at, int problems, int failedScenarios, String summary) {
        static Rejection of(RuleSetHistoryEntry entry) {
            return new Rejection(entry.version(), entry.at(), entry.problems().size(), entry.failedScenarios().size(),
                    entry.summary());
        }
    }

    public record FileSummary(String path, String sha256) {
    }
}
