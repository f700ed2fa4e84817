package com.policydesk.api;

import com.policydesk.engine.DecisionTableRow;
import com.policydesk.engine.RuleInfo;
import com.policydesk.engine.RuleSet;

import java.time.Instant;
import java.util.List;

/** {@code GET /api/v1/ruleset}: the active rule set, its files, rules and DMN decisions. */
public record RuleSetSummary(
        String version,
        Instant loadedAt,
        String source,
        List<FileSummary> files,
        List<RuleInfo> rules,
        List<String> decisions,
        List<DecisionTableRow> decisionTableRows) {

    public static RuleSetSummary of(RuleSet ruleSet) {
        return new RuleSetSummary(ruleSet.version(), ruleSet.loadedAt(), ruleSet.source(),
                ruleSet.files().stream().map(file -> new FileSummary(file.path(), file.sha256())).toList(),
                ruleSet.rules(), ruleSet.decisions(), ruleSet.decisionTableRows());
    }

    public record FileSummary(String path, String sha256) {
    }
}
