package com.policydesk.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Objects;

/**
 * A logged decision written as a scenario: its request as {@code given}, what it answered as {@code expect}.
 *
 * @param decisionId the decision it was made from
 * @param ruleset    the version that decided it, {@code multichannel@9d15efa765ed}
 * @param scenario   the scenario as the suites write it: id, description, given, exactly, expect
 */
public record KeptScenario(String decisionId, String ruleset, ObjectNode scenario) {
    public KeptScenario {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(scenario, "scenario");
    }

    public String id() {
        return scenario.get("id").textValue();
    }

    public String description() {
        return scenario.get("description").textValue();
    }

    /** The packs of the version that decided it (one, but for a rules folder of several packs). */
    public List<String> packs() {
        int at = ruleset.indexOf('@');
        return List.of((at < 0 ? ruleset : ruleset.substring(0, at)).split("\\+"));
    }

    /** A suite file holding only this scenario. */
    public String yaml() {
        return ScenarioYaml.file("Decisions kept from the decision log", List.of(scenario));
    }
}
