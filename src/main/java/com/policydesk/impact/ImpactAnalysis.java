package com.policydesk.impact;

import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.PolicyDeskException;
import com.policydesk.log.ReplayRow;
import com.policydesk.model.DecisionRequest;
import com.policydesk.request.RequestReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Replays logged requests on a candidate rule set and on the active one, and counts what differs: per code and per
 * policy statement, in how many decisions a recommendation was added or removed. The replay is CPU-bound and runs
 * on its own threads, one per core, never on the caller's (an HTTP worker or the event loop). Thread-safe.
 */
public final class ImpactAnalysis {
    public static final int MAX_EXAMPLES = 20;
    /** Pages waiting for a replaying thread, per thread: the whole log never sits in memory, only these. */
    private static final int PAGES_AHEAD_PER_THREAD = 2;
    private static final List<ReplayRow> END = List.of();

    private final DecisionEngine engine;
    private final RequestReader reader;
    private final int parallelism;

    public ImpactAnalysis(DecisionEngine engine, RequestReader reader, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.engine = engine;
        this.reader = reader;
        this.parallelism = parallelism;
    }

    /** Decides every request on both rule sets and reports the differences, examples newest first as given. */
    public ImpactReport replay(RuleSet candidate, RuleSet active, List<LoggedRequest> requests) {
        List<DecisionDiff> diffs = inParallel(() -> requests.parallelStream()
                .map(logged -> diff(candidate, active, logged.json().getBytes(StandardCharsets.UTF_8))).toList());
        ImpactTally tally = new ImpactTally();
        for (int i = 0; i < requests.size(); i++) {
            tally.add(requests.size() - i, requests.get(i).decisionId(), diffs.get(i));
        }
        return tally.report(candidate.version(), active.version());
    }

    /** The pages of a replay of the whole log, oldest first; an empty page after the last. */
    @FunctionalInterface
    public interface Pages {
        List<ReplayRow> next() throws Exception;
    }

    /**
     * Decides every logged request the pages hold on both rule sets, streaming: the calling thread reads the pages,
     * one thread per core decides them (inflating each request itself), a few pages at most waiting between them, so
     * that memory stays flat however long the log. Stops early when the progress is cancelled; the progress holds
     * the report (of what was decided until then) when it returns.
     */
    public void replayAll(RuleSet candidate, RuleSet active, Pages pages, ReplayProgress progress) {
        BlockingQueue<List<ReplayRow>> queue = new ArrayBlockingQueue<>(parallelism * PAGES_AHEAD_PER_THREAD);
        ExecutorService deciders = Executors.newFixedThreadPool(parallelism, applicationThreads("policydesk-replay"));
        List<Future<ImpactTally>> tallies = new ArrayList<>();
        try {
            for (int i = 0; i < parallelism; i++) {
                tallies.add(deciders.submit(() -> decide(queue, candidate, active, progress)));
            }
            try {
                for (List<ReplayRow> page = pages.next(); !page.isEmpty() && !progress.cancelRequested(); page = pages.next()) {
                    queue.put(page);
                }
            } finally {
                for (int i = 0; i < parallelism; i++) {
                    queue.put(END);
                }
            }
            ImpactTally total = new ImpactTally();
            for (Future<ImpactTally> tally : tallies) {
                total.addAll(tally.get());
            }
            progress.finish(total.report(candidate.version(), active.version()), progress.cancelRequested());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.fail("the replay was interrupted");
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            progress.fail("the replay failed: " + cause);
        } finally {
            deciders.shutdownNow();
        }
    }

    private ImpactTally decide(BlockingQueue<List<ReplayRow>> queue, RuleSet candidate, RuleSet active,
                               ReplayProgress progress) throws InterruptedException {
        ImpactTally tally = new ImpactTally();
        for (List<ReplayRow> page = queue.take(); page != END; page = queue.take()) {
            if (progress.cancelRequested()) {
                continue; // drained, not decided: the reader stops at its next page
            }
            for (ReplayRow row : page) {
                tally.add(row.sequence(), row.decisionId(), diff(candidate, active, row));
            }
            progress.advance(page.size());
        }
        return tally;
    }

    /** A logged row's request replayed; null when it cannot be (a damaged row counts as skipped, not as a failure). */
    private DecisionDiff diff(RuleSet candidate, RuleSet active, ReplayRow row) {
        byte[] request;
        try {
            request = row.request();
        } catch (RuntimeException damaged) {
            return null;
        }
        return diff(candidate, active, request);
    }

    /** The same request decided on the active rule set, then the candidate; null when it cannot be replayed. */
    private DecisionDiff diff(RuleSet candidate, RuleSet active, byte[] json) {
        try {
            DecisionRequest request = reader.read(json);
            Decision before = engine.evaluate(active, request);
            Decision after = engine.evaluate(candidate, request);
            return DecisionDiff.between(before.recommendations(), after.recommendations());
        } catch (PolicyDeskException unreplayable) {
            return null;
        }
    }

    private <T> T inParallel(Callable<T> work) {
        ClassLoader application = ImpactAnalysis.class.getClassLoader();
        ForkJoinPool pool = new ForkJoinPool(parallelism, owner -> {
            ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(owner);
            thread.setContextClassLoader(application);
            return thread;
        }, null, false);
        try {
            return pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the replay was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }

    /** Drools and DMN find classes through the context class loader: the replay's threads get the application's. */
    private static ThreadFactory applicationThreads(String name) {
        ClassLoader application = ImpactAnalysis.class.getClassLoader();
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            thread.setContextClassLoader(application);
            return thread;
        };
    }
}
