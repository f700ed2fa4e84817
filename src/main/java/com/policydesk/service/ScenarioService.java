package com.policydesk.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.config.PolicyDeskConfig;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.request.RequestReader;
import com.policydesk.scenario.Coverage;
import com.policydesk.scenario.Scenario;
import com.policydesk.scenario.ScenarioResult;
import com.policydesk.scenario.ScenarioRunner;
import com.policydesk.scenario.ScenarioSuite;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The scenario suites (policydesk.scenarios.dir) for the workbench: their requests, to try a decision with, and
 * their results and coverage against the active rule set, run as the reload gate runs them.
 */
@Singleton
public class ScenarioService {
    private final Path folder;
    private final ScenarioRunner runner;
    private final RuleSetService rules;
    private final ObjectMapper json;

    ScenarioService(PolicyDeskConfig config, RequestReader reader, DecisionEngine engine, RuleSetService rules,
                    ObjectMapper json) {
        this.folder = Path.of(config.scenarios().dir());
        this.runner = new ScenarioRunner(reader, engine);
        this.rules = rules;
        this.json = json;
    }

    /** Every suite file with its scenarios and their requests; an unreadable file, with why. */
    public List<Suite> suites() {
        return ScenarioSuite.load(folder, null).stream().map(loaded -> loaded.failure() != null
                ? new Suite(loaded.path(), null, List.of(), loaded.failure().getMessage())
                : new Suite(loaded.path(), loaded.file().description(),
                        loaded.file().scenarios().stream().map(this::entry).toList(), null)).toList();
    }

    /** Every scenario run against the active rule set, and what they cover of it. */
    public Results results() {
        return results(rules.current());
    }

    /**
     * Every scenario run against a version the service holds (the active one, the pending candidate, a version kept
     * for rollback), and what they cover of it: a candidate is reviewed against the active version so.
     *
     * @throws NoSuchElementException when the service holds no such version
     */
    public Results results(String version) {
        return results(rules.find(version).orElseThrow(() -> new NoSuchElementException(
                "no version " + version + " is active, pending or kept for rollback")));
    }

    private Results results(RuleSet ruleSet) {
        Coverage coverage = new Coverage(ruleSet);
        List<Outcome> outcomes = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (ScenarioSuite.Loaded loaded : ScenarioSuite.load(folder, null)) {
            if (loaded.failure() != null) {
                unreadable.add(loaded.failure().getMessage());
                continue;
            }
            for (Scenario scenario : loaded.file().scenarios()) {
                ScenarioResult result = runner.run(scenario, ruleSet);
                coverage.record(result);
                outcomes.add(new Outcome(scenario.file(), scenario.id(), scenario.description(), result.passed(),
                        result.problems(), result.report()));
            }
        }
        return new Results(ruleSet.version(), outcomes, unreadable, tree(coverage.toJson()));
    }

    private Entry entry(Scenario scenario) {
        return new Entry(scenario.id(), scenario.description(), scenario.line(), tree(scenario.body()));
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode tree(byte[] body) {
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            // A scenario of a refused request may hold a body that is no JSON at all: show it as text.
            return json.getNodeFactory().textNode(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** A suite file: its scenarios, or why it could not be read. */
    public record Suite(String file, String description, List<Entry> scenarios, String failure) {
    }

    /** A scenario and the request it sends. */
    public record Entry(String id, String description, int line, JsonNode request) {
    }

    /** The results of a run: each scenario, the files that could not be read, and the coverage report. */
    public record Results(String ruleset, List<Outcome> scenarios, List<String> unreadable, JsonNode coverage) {
    }

    /** One scenario's result: what did not hold, and the report of expected against actual. */
    public record Outcome(String file, String id, String description, boolean passed, List<String> problems,
                          String report) {
    }
}
