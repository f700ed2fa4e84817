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
import java.util.Set;
import java.util.TreeSet;

/**
 * A candidate rule set may go live only if the scenario suites of its packs pass against it:
 * {@code <scenarios>/<pack>/**.yaml} for each pack the candidate's files belong to.
 */
public final class ScenarioGate implements RuleSetManager.CandidateCheck {
    private final Path scenariosFolder;
    private final ScenarioRunner runner;

    public ScenarioGate(Path scenariosFolder, RequestReader reader, DecisionEngine engine) {
        this.scenariosFolder = scenariosFolder;
        this.runner = new ScenarioRunner(reader, engine);
    }

    @Override
    public List<String> failures(RuleSet candidate) {
        List<String> failures = new ArrayList<>();
        for (String pack : packsOf(candidate)) {
            Path suite = scenariosFolder.resolve(pack);
            if (!Files.isDirectory(suite)) {
                continue;
            }
            for (ScenarioSuite.Loaded loaded : ScenarioSuite.load(scenariosFolder, pack + "/**")) {
                if (loaded.failure() != null) {
                    failures.add(loaded.failure().getMessage());
                    continue;
                }
                for (Scenario scenario : loaded.file().scenarios()) {
                    ScenarioResult result = runner.run(scenario, candidate);
                    if (!result.passed()) {
                        failures.add(scenario.displayName() + "\n" + result.report());
                    }
                }
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
