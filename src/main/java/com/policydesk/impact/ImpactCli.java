package com.policydesk.impact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.error.RuleSetException;
import com.policydesk.log.DecisionLog;
import com.policydesk.log.DecisionLogReader;
import com.policydesk.log.Redaction;
import com.policydesk.log.StoredDecision;
import com.policydesk.request.RequestReader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code bash impact.sh <candidate-rules-folder> [decision-log-file]}: the impact report for the policy team, without
 * a running service. The candidate is compared with the rules in {@code POLICYDESK_RULES_DIR} (default {@code rules})
 * on the newest {@code POLICYDESK_IMPACT_LIMIT} (default 10,000) decisions of the log (default
 * {@code data/decisions.db}). Prints a table per code and policy, then the report as JSON. Exit 2 on bad arguments.
 */
public final class ImpactCli {
    private static final int DEFAULT_LIMIT = 10_000;

    private ImpactCli() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: bash impact.sh <candidate-rules-folder> [decision-log-file]");
            System.exit(2);
        }
        Path candidateFolder = Path.of(args[0]);
        Path logFile = Path.of(args.length > 1 ? args[1] : "data/decisions.db");
        Path activeFolder = Path.of(env("POLICYDESK_RULES_DIR", "rules"));
        int limit = Integer.parseInt(env("POLICYDESK_IMPACT_LIMIT", Integer.toString(DEFAULT_LIMIT)));
        for (Path required : List.of(candidateFolder, activeFolder, logFile)) {
            if (!Files.exists(required)) {
                System.err.println("no such file or folder: " + required);
                System.exit(2);
            }
        }
        RuleSetLoader loader = new RuleSetLoader();
        RuleSet candidate;
        RuleSet active;
        try {
            candidate = loader.loadFolder(candidateFolder);
            active = loader.loadFolder(activeFolder);
        } catch (RuleSetException invalid) {
            System.err.println("the rules are invalid:");
            invalid.problems().forEach(problem -> System.err.println("  " + problem));
            System.exit(1);
            return;
        }
        DecisionLog.upgrade(logFile); // a copy written by an older version is converted first
        List<LoggedRequest> requests = new DecisionLogReader(logFile, Redaction.NONE).latest(limit).stream()
                .map(ImpactCli::logged).toList();
        long started = System.nanoTime();
        ImpactReport report = new ImpactAnalysis(new DecisionEngine(), new RequestReader(),
                Runtime.getRuntime().availableProcessors()).replay(candidate, active, requests);
        long millis = (System.nanoTime() - started) / 1_000_000;
        print(report, millis, System.out);
    }

    static void print(ImpactReport report, long millis, PrintStream out) throws Exception {
        out.printf("candidate %s against active %s: %d decisions replayed in %d ms, %d changed, %d skipped%n",
                report.candidate(), report.active(), report.replayed(), millis, report.changed(), report.skipped());
        table("code", report.codes(), out);
        table("policy", report.policies(), out);
        out.println();
        out.println(new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    }

    private static void table(String heading, Map<String, ImpactReport.Counts> counts, PrintStream out) {
        out.println();
        out.printf("%-40s %8s %8s%n", heading, "added", "removed");
        if (counts.isEmpty()) {
            out.println("(no change)");
        }
        counts.forEach((name, count) -> out.printf("%-40s %8d %8d%n", name, count.added(), count.removed()));
    }

    private static LoggedRequest logged(StoredDecision decision) {
        return new LoggedRequest(decision.decisionId(), decision.request());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
