package com.policydesk.scenario;

import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleFile;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetManager;
import com.policydesk.request.RequestReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A candidate rule set may go live only if the scenario suites of its packs pass against it:
 * {@code <scenarios>/<pack>/**.yaml} for each pack the candidate's files belong to. The scenarios run on every
 * core (the policy team waits for them at each save), and suites that did not change are not parsed again.
 */
public final class ScenarioGate implements RuleSetManager.CandidateCheck {
    private final Path scenariosFolder;
    private final ScenarioRunner runner;
    private final ScenarioSuite.ParseCache parsed = new ScenarioSuite.ParseCache();
    private final int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    public ScenarioGate(Path scenariosFolder, RequestReader reader, DecisionEngine engine) {
        this.scenariosFolder = scenariosFolder;
        this.runner = new ScenarioRunner(reader, engine);
    }

    @Override
    public List<String> failures(RuleSet candidate) {
        List<String> failures = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        for (String pack : packsOf(candidate)) {
            if (!Files.isDirectory(scenariosFolder.resolve(pack))) {
                continue;
            }
            for (ScenarioSuite.Loaded loaded : ScenarioSuite.load(scenariosFolder, pack + "/**", parsed)) {
                if (loaded.failure() != null) {
                    failures.add(loaded.failure().getMessage());
                } else {
                    scenarios.addAll(loaded.file().scenarios());
                }
            }
        }
        failures.addAll(run(scenarios, candidate));
        return failures;
    }

    /** Runs the scenarios in slices, one per core; the failures come back in scenario order. */
    private List<String> run(List<Scenario> scenarios, RuleSet candidate) {
        if (scenarios.isEmpty()) {
            return List.of();
        }
        ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        ExecutorService pool = Executors.newFixedThreadPool(threads, work -> {
            Thread thread = new Thread(work, "policydesk-scenario-gate");
            thread.setDaemon(true);
            // Evaluation resolves classes as the caller's thread would.
            thread.setContextClassLoader(classLoader);
            return thread;
        });
        try {
            int slice = (scenarios.size() + threads - 1) / threads;
            List<Future<List<String>>> parts = new ArrayList<>();
            for (int from = 0; from < scenarios.size(); from += slice) {
                List<Scenario> part = scenarios.subList(from, Math.min(scenarios.size(), from + slice));
                parts.add(pool.submit(() -> failuresOf(part, candidate)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<List<String>> part : parts) {
                failures.addAll(part.get());
            }
            return failures;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("the scenario gate was interrupted");
        } catch (ExecutionException e) {
            return List.of("the scenario gate failed: " + Objects.requireNonNullElse(e.getCause(), e));
        } finally {
            pool.shutdownNow();
        }
    }

    private List<String> failuresOf(List<Scenario> scenarios, RuleSet candidate) {
        List<String> failures = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            // Without a trace, which only the report of a failure needs: that one is run again with it.
            if (runner.run(scenario, candidate, false).passed()) {
                continue;
            }
            ScenarioResult result = runner.run(scenario, candidate, true);
            if (!result.passed()) {
                failures.add(scenario.displayName() + "\n" + result.report());
            }
        }
        return failures;
    }

    private static Set<String> packsOf(RuleSet candidate) {
        Set<String> packs = new TreeSet<>();
        for (RuleFile file : candidate.files()) {
            packs.add(file.pack());
        }
        return packs;
    }
}
