package com.policydesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.policydesk.engine.DecisionTableRow;
import com.policydesk.engine.RuleSetHistoryEntry;
import com.policydesk.engine.RuleInfo;
import com.policydesk.engine.RuleSet;

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
        @JsonInclude(JsonInclude.Include.NON_NULL) Rejection lastRejected) {

    public static RuleSetSummary of(RuleSet ruleSet, Optional<RuleSetHistoryEntry> lastRejected) {
        return new RuleSetSummary(ruleSet.version(), ruleSet.loadedAt(), ruleSet.source(),
                ruleSet.files().stream().map(file -> new FileSummary(file.path(), file.sha256())).toList(),
                ruleSet.rules(), ruleSet.decisions(), ruleSet.decisionTableRows(),
                lastRejected.map(Rejection::of).orElse(null));
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
