package com.policydesk.api;

import com.policydesk.engine.Decision;
import com.policydesk.engine.DmnEvaluation;
import com.policydesk.engine.FactNames;
import com.policydesk.engine.FiredRule;

import java.util.List;
import java.util.Map;

/**
 * What {@code ?explain=true} adds: each rule that fired, in order, with the facts it matched, and each DMN
 * decision evaluated with its inputs, result and table rows.
 */
public record Trace(List<Rule> rules, List<DmnEvaluation> decisions) {
    static Trace of(Decision decision) {
        return new Trace(decision.firedRules().stream().map(Rule::of).toList(), decision.dmnEvaluations());
    }

    /** A fired rule; each fact is named by its type in the contract ({@link FactNames}), since facts of several types are listed together. */
    public record Rule(String rule, String policy, List<Map<String, Object>> facts) {
        static Rule of(FiredRule fired) {
            return new Rule(fired.rule(), fired.policy(), fired.facts().stream()
                    .map(fact -> Map.of("type", FactNames.of(fact), "fact", fact))
                    .toList());
        }
    }
}
