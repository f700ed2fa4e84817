package com.policydesk.scenario;

import com.policydesk.api.CopiedRulesProfile;
import com.policydesk.log.Redaction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.policydesk.scenario.LoggedDecisions.CONTRACT_EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code bash scenarios.sh --suggest}: logged decisions that cover what the suites do not. */
class CoverageSuggestionsTest {
    private static final String AZURE_ON_EA = """
            { "asOf": "2026-11-23", "partner": { "id": "P-100", "role": "DIRECT_PARTNER" },
              "customer": { "id": "C-AZURE", "subscriptions": [
                { "id": "S-2", "billing": "USAGE", "channel": "EA", "status": "ACTIVE", "services": ["Virtual Machines"] } ] } }
            """;

    @TempDir
    Path folder;

    @Test
    void aLoggedDecisionWithACodeNoScenarioHasIsProposedAndCoverageRises() throws Exception {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("license-1", CONTRACT_EXAMPLE.formatted("C-1"));
        bodies.put("azure-1", AZURE_ON_EA);
        bodies.put("license-2", CONTRACT_EXAMPLE.formatted("C-2"));
        Path log = LoggedDecisions.log(folder, Redaction.NONE, bodies);
        Path scenarios = Files.createDirectories(folder.resolve("test-scenarios/multichannel"));
        // the gate's suite of the HTTP tests: the third-party license of the contract's example, nothing about Azure
        Files.writeString(scenarios.resolve("licenses.yaml"), CopiedRulesProfile.GATE_SUITE);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScenariosCli.run(new String[]{"--suggest", "--log", log.toString(), "--limit", "1",
                "--scenarios", folder.resolve("test-scenarios").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String yaml = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        ScenarioFile suggested = new ScenarioParser().parse("suggested.yaml", yaml);
        assertThat(suggested.scenarios()).singleElement().satisfies(scenario -> {
            assertThat(scenario.id()).isEqualTo("decision-azure-1");
            assertThat(scenario.description()).contains("code AZURE_NO_MIGRATION_PATH (MC-7)");
            assertThat(scenario.expect()).extracting(Scenario.Expected::code).contains("AZURE_NO_MIGRATION_PATH");
        });
        assertThat(coverage(yaml, "by the suites now:")).isLessThan(coverage(yaml, "with these 1 scenarios added:"));
        assertThat(yaml).doesNotContain("still uncovered: code AZURE_NO_MIGRATION_PATH");
    }

    /** The number before "of" on the comment line that starts with the label. */
    private static int coverage(String yaml, String label) {
        String line = yaml.lines().filter(text -> text.contains(label)).findFirst().orElseThrow();
        return Integer.parseInt(line.substring(line.indexOf(label) + label.length()).strip().split(" ")[0]);
    }
}
