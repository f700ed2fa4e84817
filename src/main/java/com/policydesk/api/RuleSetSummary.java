package com.policydesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.policydesk.engine.DecisionTableRow;
import com.policydesk.engine.RuleInfo;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetHistoryEntry;
import com.policydesk.engine.RuleSource;
import com.policydesk.impact.ImpactReport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/ruleset}: the active rule set, its files, rules and DMN decisions. Anyone may read it, so it
 * names where the rules come from without the server's paths, and lists table rows without their cells (the files'
 * content is for the admin token).
 */
public record RuleSetSummary(
        String version,
        Instant loadedAt,
        Source source,
        List<FileSummary> files,
        List<RuleInfo> rules,
        List<String> decisions,
        List<TableRow> decisionTableRows,
        @JsonInclude(JsonInclude.Include.NON_NULL) Rejection lastRejected,
        Pending pending) {

    public static RuleSetSummary of(RuleSet ruleSet, RuleSource source, Optional<RuleSetHistoryEntry> lastRejected,
                                    Optional<Pending> pending) {
        return new RuleSetSummary(ruleSet.version(), ruleSet.loadedAt(), Source.of(source),
                ruleSet.files().stream().map(file -> new FileSummary(file.path(), file.sha256())).toList(),
                ruleSet.rules(), ruleSet.decisions(), ruleSet.decisionTableRows().stream().map(TableRow::of).toList(),
                lastRejected.map(Rejection::of).orElse(null), pending.orElse(null));
    }

    /**
     * Where the rules come from: {@code folder} with the folder's last name (never its path on the server), or
     * {@code bundled}, the copy of the project's {@code rules} folder built into the application.
     */
    public record Source(String kind, String name) {
        static Source of(RuleSource source) {
            return source instanceof RuleSource.Folder folder ? new Source("folder", lastName(folder.path()))
                    : new Source("bundled", "rules");
        }

        private static String lastName(Path path) {
            Path name = path.getFileName();
            return name == null ? "/" : name.toString();
        }
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

    /** A decision-table row: its id, model, table, position and first annotation. */
    public record TableRow(String id, String model, String table, int index, String annotation) {
        static TableRow of(DecisionTableRow row) {
            return new TableRow(row.id(), row.model(), row.table(), row.index(), row.annotation());
        }
    }
}
