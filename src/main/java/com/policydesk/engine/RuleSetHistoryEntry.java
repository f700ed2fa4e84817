package com.policydesk.engine;

import com.policydesk.error.RuleSetProblem;

import java.time.Instant;
import java.util.List;

/**
 * One version of the rules the service has seen, and what became of it.
 *
 * @param version         {@code pack@hash}
 * @param at              when it was seen
 * @param trigger         what made the service look: start-up, the folder watcher, an admin reload, a rollback,
 *                        another replica's publication
 * @param outcome         activated, rejected, re-activated by a rollback, pending publication, or published to
 *                        every replica
 * @param files           its files with their hashes
 * @param problems        why it was refused, when it did not compile or validate
 * @param failedScenarios the scenarios it broke, each with its difference, when the scenario gate refused it
 */
public record RuleSetHistoryEntry(
        String version,
        Instant at,
        String trigger,
        Outcome outcome,
        List<FileHash> files,
        List<RuleSetProblem> problems,
        List<String> failedScenarios) {

    public RuleSetHistoryEntry {
        files = List.copyOf(files);
        problems = List.copyOf(problems);
        failedScenarios = List.copyOf(failedScenarios);
    }

    public enum Outcome {
        ACTIVATED, REJECTED, ROLLED_BACK,
        /** Valid, waiting to be published (manual activation). */
        PENDING,
        /** Published to every replica (several replicas): it goes live when it comes back, here as everywhere. */
        PUBLISHED
    }

    /** A file and its content hash. */
    public record FileHash(String path, String sha256) {
        static List<FileHash> of(List<RuleFile> files) {
            return files.stream().map(file -> new FileHash(file.path(), file.sha256())).toList();
        }
    }

    /** One line for logs: the version, the outcome and the reason. */
    public String summary() {
        StringBuilder text = new StringBuilder(outcome + " " + version + " (" + trigger + ")");
        problems.forEach(problem -> text.append("\n  ").append(problem));
        failedScenarios.forEach(failure -> text.append("\n  scenario failed: ").append(failure.lines().findFirst().orElse("")));
        return text.toString();
    }
}
