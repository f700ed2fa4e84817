package com.policydesk.scenario;

import java.util.List;

/**
 * A scenario file: what it is about, and its scenarios.
 *
 * @param path        relative to the scenarios folder, {@code multichannel/azure-services.yaml}
 * @param description what the file covers
 * @param policies    the policy ids it is about
 * @param scenarios   in file order
 */
public record ScenarioFile(String path, String description, List<String> policies, List<Scenario> scenarios) {
    public ScenarioFile {
        policies = List.copyOf(policies);
        scenarios = List.copyOf(scenarios);
    }
}
