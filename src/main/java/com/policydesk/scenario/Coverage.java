package com.policydesk.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.engine.DecisionTableRow;
import com.policydesk.engine.DmnEvaluation;
import com.policydesk.engine.FiredRule;
import com.policydesk.engine.RuleInfo;
import com.policydesk.engine.RuleSet;
import com.policydesk.model.Recommendation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which scenarios exercised which rule, DMN table row and policy id. A rule set is covered when every rule and
 * every row was fired by some scenario, and every policy id has a scenario where it fires and one where it must
 * not (an {@code expectNot} of a code its rules give).
 */
public final class Coverage {
    private final Map<String, Set<String>> byRule = new LinkedHashMap<>();
    private final Map<String, Set<String>> byRow = new LinkedHashMap<>();
    private final Map<String, Set<String>> firingByPolicy = new TreeMap<>();
    private final Map<String, Set<String>> notFiringByPolicy = new TreeMap<>();
    private final Map<String, Set<String>> policiesByCode = new TreeMap<>();
    private final List<Scenario> scenariosWithExpectNot = new ArrayList<>();
    private final String ruleset;

    public Coverage(RuleSet ruleSet) {
        this.ruleset = ruleSet.version();
        for (RuleInfo rule : ruleSet.rules()) {
            byRule.put(rule.name(), new TreeSet<>());
            firingByPolicy.putIfAbsent(rule.policy(), new TreeSet<>());
            notFiringByPolicy.putIfAbsent(rule.policy(), new TreeSet<>());
        }
        for (DecisionTableRow row : ruleSet.decisionTableRows()) {
            byRow.put(row.id(), new TreeSet<>());
        }
    }

    /** Counts a scenario's run; a failed scenario counts too, for what it did fire. */
    public void record(ScenarioResult result) {
        String name = result.scenario().file() + " › " + result.scenario().id();
        if (result.decision() != null) {
            for (FiredRule fired : result.decision().firedRules()) {
                byRule.computeIfAbsent(fired.rule(), rule -> new TreeSet<>()).add(name);
                firingByPolicy.computeIfAbsent(fired.policy(), policy -> new TreeSet<>()).add(name);
            }
            for (DmnEvaluation evaluation : result.decision().dmnEvaluations()) {
                evaluation.rowIds().forEach(row -> byRow.computeIfAbsent(row, id -> new TreeSet<>()).add(name));
            }
            for (Recommendation recommendation : result.decision().recommendations()) {
                policiesByCode.computeIfAbsent(recommendation.code(), code -> new TreeSet<>()).add(recommendation.policy());
            }
        }
        if (!result.scenario().expectNot().isEmpty()) {
            scenariosWithExpectNot.add(result.scenario());
        }
    }

    /** What is not covered, one line each; empty when everything is. */
    public List<String> gaps() {
        attributeExpectNots();
        List<String> gaps = new ArrayList<>();
        byRule.forEach((rule, scenarios) -> {
            if (scenarios.isEmpty()) {
                gaps.add("rule \"" + rule + "\" is fired by no scenario");
            }
        });
        byRow.forEach((row, scenarios) -> {
            if (scenarios.isEmpty()) {
                gaps.add("DMN table row " + row + " is fired by no scenario");
            }
        });
        firingByPolicy.forEach((policy, scenarios) -> {
            if (scenarios.isEmpty()) {
                gaps.add("policy " + policy + " has no scenario where it fires");
            }
            if (notFiringByPolicy.getOrDefault(policy, Set.of()).isEmpty()) {
                gaps.add("policy " + policy + " has no scenario where it must not fire (expectNot of one of its codes)");
            }
        });
        return gaps;
    }

    public String toText() {
        List<String> gaps = gaps();
        StringBuilder text = new StringBuilder("Scenario coverage of rule set ").append(ruleset).append("\n\nRules:\n");
        byRule.forEach((rule, scenarios) -> line(text, "\"" + rule + "\"", scenarios));
        text.append("\nDMN decision-table rows:\n");
        byRow.forEach((row, scenarios) -> line(text, row, scenarios));
        text.append("\nPolicy ids (fires / must not fire):\n");
        firingByPolicy.forEach((policy, scenarios) -> text.append("  ").append(policy).append(": ")
                .append(scenarios.size()).append(" / ").append(notFiringByPolicy.getOrDefault(policy, Set.of()).size())
                .append(" scenarios\n"));
        text.append(gaps.isEmpty() ? "\nEverything is covered.\n" : "\nNot covered:\n  " + String.join("\n  ", gaps) + "\n");
        return text.toString();
    }

    public String toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode().put("ruleset", ruleset);
        root.set("rules", json.valueToTree(byRule));
        root.set("decisionTableRows", json.valueToTree(byRow));
        ObjectNode policies = root.putObject("policies");
        firingByPolicy.forEach((policy, scenarios) -> {
            ObjectNode entry = policies.putObject(policy);
            entry.set("fires", json.valueToTree(scenarios));
            entry.set("mustNotFire", json.valueToTree(notFiringByPolicy.getOrDefault(policy, Set.of())));
        });
        ArrayNode gaps = root.putArray("gaps");
        gaps().forEach(gaps::add);
        try {
            return json.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** A code's policy ids are known once some scenario saw it fire; expectNot scenarios count for those. */
    private void attributeExpectNots() {
        for (Scenario scenario : scenariosWithExpectNot) {
            for (Scenario.Unexpected unexpected : scenario.expectNot()) {
                for (String policy : policiesByCode.getOrDefault(unexpected.code(), Set.of())) {
                    notFiringByPolicy.computeIfAbsent(policy, p -> new TreeSet<>()).add(scenario.file() + " › " + scenario.id());
                }
            }
        }
    }

    private static void line(StringBuilder text, String what, Set<String> scenarios) {
        text.append("  ").append(what).append(": ");
        text.append(scenarios.isEmpty() ? "NOT COVERED" : scenarios.size() + " scenario(s), e.g. " + scenarios.iterator().next());
        text.append('\n');
    }
}
