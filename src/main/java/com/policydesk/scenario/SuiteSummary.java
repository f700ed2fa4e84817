package com.policydesk.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The short account a policy author reads after a run: passed, failed with the difference, not covered. */
public final class SuiteSummary {
    private final String ruleset;
    private final Path rulesFolder;
    private final long started = System.nanoTime();
    private final List<String> failures = new ArrayList<>();
    private final List<String> uncovered = new ArrayList<>();
    private int passed;

    public SuiteSummary(String ruleset, Path rulesFolder) {
        this.ruleset = ruleset;
        this.rulesFolder = rulesFolder;
    }

    public synchronized void record(ScenarioResult result) {
        if (result.passed()) {
            passed++;
        } else {
            failures.add("FAILED " + result.scenario().displayName() + "\n" + result.report());
        }
    }

    public synchronized void unreadable(String message) {
        failures.add("UNREADABLE " + message);
    }

    public synchronized void uncovered(List<String> gaps) {
        uncovered.addAll(gaps);
    }

    public synchronized String render() {
        long millis = (System.nanoTime() - started) / 1_000_000;
        StringBuilder text = new StringBuilder("\n=== Scenario suites against ").append(rulesFolder.toAbsolutePath().normalize())
                .append(" (rule set ").append(ruleset).append(") ===\n");
        failures.forEach(failure -> text.append('\n').append(failure).append('\n'));
        if (!uncovered.isEmpty()) {
            text.append("\nNot covered by any scenario:\n");
            uncovered.forEach(gap -> text.append("  ").append(gap).append('\n'));
        }
        text.append('\n').append(passed).append(" passed, ").append(failures.size()).append(" failed, ")
                .append(uncovered.size()).append(" not covered, in ").append(millis).append(" ms\n");
        text.append("Coverage report: target/scenario-coverage.txt and target/scenario-coverage.json\n");
        return text.toString();
    }
}
