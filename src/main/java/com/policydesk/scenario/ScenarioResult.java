package com.policydesk.scenario;

import com.policydesk.engine.Decision;

import java.util.List;

/**
 * What running one scenario showed.
 *
 * @param scenario the scenario
 * @param problems what did not hold, one line each; empty when it passed
 * @param decision the decision made, or null when the request was refused or the evaluation failed
 * @param report   a readable account for a failure: expected against actual, and the rules that fired
 */
public record ScenarioResult(Scenario scenario, List<String> problems, Decision decision, String report) {
    public ScenarioResult {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
