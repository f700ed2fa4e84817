package com.policydesk.scenario;

import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.request.RequestReader;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every scenario under test-scenarios/ as its own test, through the engine (no HTTP), then checks and
 * reports coverage. System properties: {@code policydesk.rules.dir} (default rules),
 * {@code policydesk.scenarios.dir} (default test-scenarios), {@code scenarios} (a glob such as
 * {@code multichannel/third-party*}: a subset, for which coverage is reported but not enforced).
 */
class ScenarioSuiteTest {
    private static final Path REPORTS = Path.of("target");

    @TestFactory
    Stream<DynamicTest> everyScenarioHoldsAndEveryRuleIsCovered() {
        Path rulesFolder = Path.of(System.getProperty("policydesk.rules.dir", "rules"));
        Path scenariosFolder = Path.of(System.getProperty("policydesk.scenarios.dir", "test-scenarios"));
        String subset = System.getProperty("scenarios");
        RuleSet ruleSet = new RuleSetLoader().loadFolder(rulesFolder);
        ScenarioRunner runner = new ScenarioRunner(new RequestReader(), new DecisionEngine());
        Coverage coverage = new Coverage(ruleSet);
        SuiteSummary summary = new SuiteSummary(ruleSet.version(), rulesFolder);

        List<DynamicTest> tests = new ArrayList<>();
        for (ScenarioSuite.Loaded loaded : ScenarioSuite.load(scenariosFolder, subset)) {
            if (loaded.failure() != null) {
                tests.add(DynamicTest.dynamicTest(loaded.path() + " (cannot be read)", () -> {
                    summary.unreadable(loaded.failure().getMessage());
                    fail(loaded.failure().getMessage());
                }));
                continue;
            }
            for (Scenario scenario : loaded.file().scenarios()) {
                tests.add(DynamicTest.dynamicTest(scenario.displayName(), () -> {
                    ScenarioResult result = runner.run(scenario, ruleSet);
                    coverage.record(result);
                    summary.record(result);
                    if (!result.passed()) {
                        fail(scenario.displayName() + "\n" + result.report());
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("coverage of " + ruleSet.version() + (subset == null ? "" : " (subset " + subset + ": not enforced)"),
                () -> {
                    writeReports(coverage);
                    List<String> gaps = coverage.gaps();
                    summary.uncovered(gaps);
                    System.out.println(summary.render());
                    if (subset == null) {
                        assertThat(gaps).as("rules, table rows and policy ids without scenarios (see target/scenario-coverage.txt)")
                                .isEmpty();
                    }
                }));
        return tests.stream();
    }

    private static void writeReports(Coverage coverage) throws IOException {
        Files.createDirectories(REPORTS);
        Files.writeString(REPORTS.resolve("scenario-coverage.txt"), coverage.toText());
        Files.writeString(REPORTS.resolve("scenario-coverage.json"), coverage.toJson());
    }
}
