package com.policydesk.impact;

import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.PolicyDeskException;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Replays logged requests on a candidate rule set and on the active one, and counts what differs: per code and per
 * policy statement, in how many decisions a recommendation was added or removed. The replay is CPU-bound and runs
 * on its own pool, one thread per core, never on the caller's (an HTTP worker or the event loop). Thread-safe.
 */
public final class ImpactAnalysis {
    public static final int MAX_EXAMPLES = 20;

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
        List<Replay> replays = inParallel(() -> requests.parallelStream().map(request -> replay(candidate, active, request)).toList());
        Map<String, int[]> codes = new TreeMap<>();
        Map<String, int[]> policies = new TreeMap<>();
        List<ImpactReport.Example> examples = new ArrayList<>();
        int replayed = 0;
        int changed = 0;
        for (Replay replay : replays) {
            if (replay.diff() == null) {
                continue;
            }
            replayed++;
            if (replay.diff().isEmpty()) {
                continue;
            }
            changed++;
            count(replay.diff(), Recommendation::code, codes);
            count(replay.diff(), Recommendation::policy, policies);
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(new ImpactReport.Example(replay.decisionId(), replay.diff().added(), replay.diff().removed()));
            }
        }
        return new ImpactReport(candidate.version(), active.version(), replayed, changed, requests.size() - replayed,
                counts(codes), counts(policies), examples);
    }

    /** The same request decided on the active rule set, then the candidate; no diff when it cannot be replayed. */
    private Replay replay(RuleSet candidate, RuleSet active, LoggedRequest logged) {
        try {
            DecisionRequest request = reader.read(logged.json().getBytes(StandardCharsets.UTF_8));
            Decision before = engine.evaluate(active, request);
            Decision after = engine.evaluate(candidate, request);
            return new Replay(logged.decisionId(), DecisionDiff.between(before.recommendations(), after.recommendations()));
        } catch (PolicyDeskException unreplayable) {
            return new Replay(logged.decisionId(), null);
        }
    }

    /** Each decision counts once per code (and policy) it added, and once per code it removed. */
    private static void count(DecisionDiff diff, Function<Recommendation, String> key, Map<String, int[]> totals) {
        diff.added().stream().map(key).distinct().forEach(name -> totals.computeIfAbsent(name, n -> new int[2])[0]++);
        diff.removed().stream().map(key).distinct().forEach(name -> totals.computeIfAbsent(name, n -> new int[2])[1]++);
    }

    private static Map<String, ImpactReport.Counts> counts(Map<String, int[]> totals) {
        return totals.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> new ImpactReport.Counts(entry.getValue()[0], entry.getValue()[1]), (a, b) -> a, TreeMap::new));
    }

    private <T> T inParallel(Callable<T> work) {
        // Drools and DMN find classes through the context class loader: the pool's threads get the application's.
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

    private record Replay(String decisionId, DecisionDiff diff) {
    }
}
