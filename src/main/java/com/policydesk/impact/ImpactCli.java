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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code bash impact.sh <candidate-rules-folder> [decision-log-file]}: the impact report for the policy team, without
 * a running service. The candidate is compared with the rules in {@code POLICYDESK_RULES_DIR} (default {@code rules})
 * on the newest {@code POLICYDESK_IMPACT_LIMIT} (default 10,000) decisions of the log (default
 * {@code data/decisions.db}). Prints a table per code and policy, then the report as JSON. Exit 2 on bad arguments.
 */
public final class ImpactCli {
    private static final int DEFAULT_LIMIT = 10_000;
    private static final int REPLAY_PAGE = 1_000;

    private ImpactCli() {
    }

    /** Held, so that the levels set on them stay: java.util.logging keeps loggers only weakly. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    /**
     * Drools and DMN log at WARN, as the service has them (application.properties): without Quarkus's configuration
     * the JBoss log manager leaves every level on, and Drools then formats a debug message at every rule firing
     * (measured: a third of a replay's CPU time, all of it discarded).
     */
    public static void quietEngineLogs() {
        for (String name : List.of("org.drools", "org.kie")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }

    public static void main(String[] args) throws Exception {
        quietEngineLogs();
        boolean all = args.length > 0 && args[0].equals("--all");
        if (all) {
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: bash impact.sh [--all] <candidate-rules-folder> [decision-log-file]");
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
        if (all) {
            replayAll(candidate, active, new DecisionLogReader(logFile, Redaction.NONE), System.out);
            return;
        }
        List<LoggedRequest> requests = new DecisionLogReader(logFile, Redaction.NONE).latest(limit).stream()
                .map(ImpactCli::logged).toList();
        long started = System.nanoTime();
        ImpactReport report = new ImpactAnalysis(new DecisionEngine(), new RequestReader(),
                Runtime.getRuntime().availableProcessors()).replay(candidate, active, requests);
        long millis = (System.nanoTime() - started) / 1_000_000;
        print(report, millis, System.out);
    }

    /**
     * Every decision of the log, streamed (the window is the service's default, 30 days, or
     * {@code POLICYDESK_LOG_RETENTION_MAX_AGE} as an ISO-8601 duration such as {@code P7D}), with the progress on
     * standard error every second, and the process's CPU time per decision at the end.
     */
    private static void replayAll(RuleSet candidate, RuleSet active, DecisionLogReader log, PrintStream out) throws Exception {
        Instant since = Instant.now().minus(Duration.parse(env("POLICYDESK_LOG_RETENTION_MAX_AGE", "P30D")));
        ReplayProgress progress = new ReplayProgress(candidate.version(), active.version(), log.count(since));
        Duration cpuBefore = cpu();
        Thread reporter = new Thread(() -> reportEverySecond(progress), "policydesk-replay-progress");
        reporter.setDaemon(true);
        reporter.start();
        try (DecisionLogReader.ReplayCursor pages = log.replay(since, REPLAY_PAGE)) {
            new ImpactAnalysis(new DecisionEngine(), new RequestReader(), Runtime.getRuntime().availableProcessors())
                    .replayAll(candidate, active, pages::next, progress);
        }
        reporter.interrupt();
        ReplayProgress.Status status = progress.status();
        if (status.state() == ReplayProgress.State.FAILED) {
            System.err.println(status.failure());
            System.exit(1);
        }
        long cpuMicros = cpu().minus(cpuBefore).toNanos() / 1000;
        out.printf("replayed the whole log: %d decisions in %d ms, %d a second on each rule set; CPU %d µs a decision (all threads)%n",
                status.decided(), status.elapsedMillis(), status.perSecond(),
                status.decided() == 0 ? 0 : cpuMicros / status.decided());
        print(status.report(), status.elapsedMillis(), out);
    }

    private static void reportEverySecond(ReplayProgress progress) {
        try {
            while (true) {
                Thread.sleep(1000);
                ReplayProgress.Status status = progress.status();
                System.err.printf("  %,d of %,d decisions, %,d a second%n", status.decided(), status.total(), status.perSecond());
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
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
