package com.policydesk.service;

import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.impact.ImpactAnalysis;
import com.policydesk.impact.ImpactReport;
import com.policydesk.impact.LoggedRequest;
import com.policydesk.impact.ReplayProgress;
import com.policydesk.log.DecisionLogReader;
import com.policydesk.request.RequestReader;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The impact of publishing a version: the newest logged requests replayed on it and on the active rule set. The
 * pending candidate's impact is computed when first asked and reused for a little while (a workbench may poll).
 */
@Singleton
public class ImpactService {
    public static final int DEFAULT_LIMIT = 10_000;
    public static final int MAX_LIMIT = 100_000;
    /** Decisions read from the log at a time by a replay of the whole log. */
    private static final int REPLAY_PAGE = 1_000;
    private static final Logger LOG = Logger.getLogger(ImpactService.class);
    private static final Duration PENDING_REUSE = Duration.ofSeconds(10);

    private final RuleSetService rules;
    private final RuleSetVersions versions;
    private final DecisionLogService log;
    private final ImpactAnalysis analysis;
    private PendingImpact pendingImpact;
    /** The latest replay of the whole log, running or ended; null before the first. */
    private ReplayProgress wholeLog;

    ImpactService(RuleSetService rules, RuleSetVersions versions, DecisionLogService log, DecisionEngine engine,
                  RequestReader reader) {
        this.rules = rules;
        this.versions = versions;
        this.log = log;
        this.analysis = new ImpactAnalysis(engine, reader, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Replays the newest {@code limit} logged requests on the version and on the active rule set.
     *
     * @throws NoSuchElementException when the version is not pending, kept or in the log
     */
    public ImpactReport impact(String version, int limit) {
        return replay(find(version), limit);
    }

    private RuleSet find(String version) {
        return versions.find(version).orElseThrow(() -> new NoSuchElementException(log.keepsRulesetFiles()
                ? "no version " + version + " is pending, kept for rollback or stored in the decision log"
                : "no version " + version + " is pending or kept for rollback (the decision log on Kafka keeps no rule files)"));
    }

    /**
     * Starts replaying every logged decision of the retention window on the version and on the active rule set, in
     * the background: {@link #wholeLogStatus()} follows it, {@link #cancelWholeLog()} stops it.
     *
     * @throws NoSuchElementException  when the version is not pending, kept or in the log
     * @throws ReplayRunningException  when a replay of the whole log is running already
     * @throws LogNotQueryableException when the log is on Kafka
     */
    public synchronized ReplayProgress.Status replayWholeLog(String version) {
        if (wholeLog != null && wholeLog.status().state() == ReplayProgress.State.RUNNING) {
            throw new ReplayRunningException(wholeLog.status());
        }
        RuleSet candidate = find(version);
        RuleSet active = rules.current();
        log.flush();
        Instant since = log.retentionStart();
        ReplayProgress progress = new ReplayProgress(candidate.version(), active.version(), log.count(since));
        DecisionLogReader.ReplayCursor pages = log.replay(since, REPLAY_PAGE);
        Thread reader = new Thread(() -> replayWholeLog(candidate, active, pages, progress), "policydesk-replay-reader");
        reader.setDaemon(true);
        reader.setContextClassLoader(ImpactService.class.getClassLoader());
        wholeLog = progress;
        reader.start();
        return progress.status();
    }

    /** The latest replay of the whole log: running, or how it ended with its report; empty before the first. */
    public synchronized Optional<ReplayProgress.Status> wholeLogStatus() {
        return Optional.ofNullable(wholeLog).map(ReplayProgress::status);
    }

    /** Asks the running replay of the whole log to stop; empty when none has run. */
    public synchronized Optional<ReplayProgress.Status> cancelWholeLog() {
        if (wholeLog == null) {
            return Optional.empty();
        }
        wholeLog.cancel();
        return Optional.of(wholeLog.status());
    }

    private void replayWholeLog(RuleSet candidate, RuleSet active, DecisionLogReader.ReplayCursor pages,
                                ReplayProgress progress) {
        try (pages) {
            analysis.replayAll(candidate, active, pages::next, progress);
        } catch (SQLException | RuntimeException e) {
            progress.fail("the replay failed: " + e.getMessage());
        }
        ReplayProgress.Status ended = progress.status();
        LOG.infof("event=impact-all candidate=%s active=%s state=%s decided=%d perSecond=%d ms=%d", ended.candidate(),
                ended.active(), ended.state(), ended.decided(), ended.perSecond(), ended.elapsedMillis());
    }

    /** The pending candidate's impact on the default number of logged requests; empty when nothing is pending. */
    public synchronized Optional<ImpactReport> pendingImpact() {
        Optional<RuleSet> pending = rules.pending();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        String active = rules.current().version();
        PendingImpact known = pendingImpact;
        if (known == null || !known.report().candidate().equals(pending.get().version())
                || !known.report().active().equals(active) || known.at().plus(PENDING_REUSE).isBefore(Instant.now())) {
            pendingImpact = new PendingImpact(replay(pending.get(), DEFAULT_LIMIT), Instant.now());
        }
        return Optional.of(pendingImpact.report());
    }

    private ImpactReport replay(RuleSet candidate, int limit) {
        log.flush();
        List<LoggedRequest> requests = latest(limit);
        long started = System.nanoTime();
        ImpactReport report = analysis.replay(candidate, rules.current(), requests);
        LOG.infof("event=impact candidate=%s active=%s replayed=%d changed=%d ms=%d", report.candidate(), report.active(),
                report.replayed(), report.changed(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        return report;
    }

    private List<LoggedRequest> latest(int limit) {
        return log.latest(limit).stream()
                .map(decision -> new LoggedRequest(decision.decisionId(), decision.request())).toList();
    }

    private record PendingImpact(ImpactReport report, Instant at) {
    }
}
