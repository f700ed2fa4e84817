package com.policydesk.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.PolicyDeskException;
import com.policydesk.log.StoredDecision;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Logged decisions that would cover what the scenario suites do not: each decision is decided again (with a trace)
 * on the rule set, and what it exercises is a set of items, each recommendation's code with its policy
 * ({@code code AZURE_NO_MIGRATION_PATH (MC-7)}) and each DMN table row it selects ({@code DMN row
 * AzureServicesInCsp#_rule_virtual_machines}); the suites cover the items their scenarios exercise. Up to
 * {@code limit} decisions are picked greedily, each the one adding the most items not covered yet (the newest
 * among equals), and kept as scenarios. Coverage is counted over the items the logged decisions exercise.
 */
public final class CoverageSuggestions {
    private final RequestReader reader;
    private final DecisionEngine engine;
    private final DecisionScenarios scenarios;

    public CoverageSuggestions(RequestReader reader, DecisionEngine engine, DecisionScenarios scenarios) {
        this.reader = reader;
        this.engine = engine;
        this.scenarios = scenarios;
    }

    /**
     * @param suites   the scenarios of the suites, as the coverage report runs them
     * @param logged   the logged decisions to choose from, newest first
     */
    public Suggestions suggest(RuleSet ruleSet, List<Scenario> suites, List<StoredDecision> logged, int limit) {
        ScenarioRunner runner = new ScenarioRunner(reader, engine);
        Set<String> covered = new TreeSet<>();
        for (Scenario scenario : suites) {
            ScenarioResult result = runner.run(scenario, ruleSet, true);
            if (result.decision() != null) {
                covered.addAll(items(result.decision()));
            }
        }
        // One decision per distinct set of items, the newest: the log repeats the same kinds of request many times.
        Map<Set<String>, StoredDecision> byItems = new LinkedHashMap<>();
        for (StoredDecision decision : logged) {
            Set<String> items = itemsOf(ruleSet, decision);
            if (items != null) {
                byItems.putIfAbsent(items, decision);
            }
        }
        Set<String> exercised = new TreeSet<>();
        byItems.keySet().forEach(exercised::addAll);
        Set<String> before = new TreeSet<>(covered);
        before.retainAll(exercised);
        Set<String> after = new TreeSet<>(before);
        List<Suggestion> picked = new ArrayList<>();
        while (picked.size() < limit) {
            Map.Entry<Set<String>, StoredDecision> best = null;
            int bestGain = 0;
            for (Map.Entry<Set<String>, StoredDecision> candidate : byItems.entrySet()) {
                int gain = (int) candidate.getKey().stream().filter(item -> !after.contains(item)).count();
                if (gain > bestGain) {
                    best = candidate;
                    bestGain = gain;
                }
            }
            if (best == null) {
                break;
            }
            Set<String> adds = new TreeSet<>(best.getKey());
            adds.removeAll(after);
            byItems.remove(best.getKey());
            try {
                KeptScenario kept = scenarios.scenario(best.getValue(), null, "decision " + best.getValue().decisionId()
                        + " of " + best.getValue().at() + ", covering " + String.join(", ", adds));
                picked.add(new Suggestion(kept, List.copyOf(adds)));
                after.addAll(adds);
            } catch (KeepRefusedException redacted) {
                // a redacted decision cannot be a scenario: the next best one may cover the same
            }
        }
        Set<String> uncovered = new TreeSet<>(exercised);
        uncovered.removeAll(after);
        return new Suggestions(ruleSet.version(), exercised.size(), before.size(), after.size(), List.copyOf(uncovered), picked);
    }

    /** What a decision exercises; null when it cannot be decided again on this rule set. */
    private Set<String> itemsOf(RuleSet ruleSet, StoredDecision decision) {
        try {
            return items(engine.evaluate(ruleSet, reader.read(decision.request().getBytes(StandardCharsets.UTF_8)), true));
        } catch (PolicyDeskException unreplayable) {
            return null;
        }
    }

    static Set<String> items(Decision decision) {
        Set<String> items = new TreeSet<>();
        for (Recommendation recommendation : decision.recommendations()) {
            items.add("code " + recommendation.code() + " (" + recommendation.policy() + ")");
        }
        decision.dmnEvaluations().forEach(evaluation -> evaluation.rowIds().forEach(row -> items.add("DMN row " + row)));
        return items;
    }

    /**
     * @param exercised how many items the logged decisions exercise
     * @param before    how many of them the suites cover
     * @param after     how many with the suggested scenarios added
     * @param uncovered the items still uncovered after
     */
    public record Suggestions(String ruleset, int exercised, int before, int after, List<String> uncovered,
                              List<Suggestion> picked) {
        /** The suggestions as a suite file, the coverage before and after in comments at its top. */
        public String yaml() {
            StringBuilder text = new StringBuilder()
                    .append("# Coverage of the (code, policy) pairs and DMN rows that the logged decisions exercise on ")
                    .append(ruleset).append(":\n")
                    .append("#   by the suites now:               ").append(before).append(" of ").append(exercised).append('\n')
                    .append("#   with these ").append(picked.size()).append(" scenarios added: ")
                    .append(after).append(" of ").append(exercised).append('\n');
            uncovered.forEach(item -> text.append("#   still uncovered: ").append(item).append('\n'));
            if (picked.isEmpty()) {
                return text.append("# No logged decision covers anything the suites do not.\n").toString();
            }
            List<ObjectNode> scenarios = picked.stream().map(suggestion -> suggestion.scenario().scenario()).toList();
            return text.append(ScenarioYaml.file("Logged decisions covering what no scenario covered", scenarios)).toString();
        }
    }

    /** A decision to keep as a scenario, and the items it adds to the suites' coverage. */
    public record Suggestion(KeptScenario scenario, List<String> adds) {
    }
}
