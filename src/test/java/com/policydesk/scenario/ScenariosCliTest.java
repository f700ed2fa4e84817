package com.policydesk.scenario;

import com.policydesk.log.DecisionLogReader;
import com.policydesk.log.Redaction;
import com.policydesk.log.StoredDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.policydesk.scenario.LoggedDecisions.CONTRACT_EXAMPLE;
import static com.policydesk.scenario.LoggedDecisions.RULES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** {@code bash scenarios.sh --from-log}: a logged decision as a scenario, without a running service. */
class ScenariosCliTest {
    @TempDir
    Path folder;

    @Test
    void aLoggedDecisionIsPrintedAsASuiteThatPassesOnItsVersion() throws Exception {
        Path log = LoggedDecisions.log(folder, Redaction.NONE, Map.of("d-1", CONTRACT_EXAMPLE.formatted("C-1")));

        Run run = run("--from-log", "d-1", "--log", log.toString());

        assertThat(run.status()).as(run.err()).isZero();
        ScenarioFile printed = new ScenarioParser().parse("kept.yaml", run.out());
        Scenario scenario = printed.scenarios().get(0);
        assertThat(scenario.id()).isEqualTo("decision-d-1");
        assertThat(scenario.description()).contains("d-1").contains(RULES.version());
        assertThat(scenario.exactly()).isTrue();
        assertThat(scenario.expect()).extracting(Scenario.Expected::code, Scenario.Expected::subscriptionId, Scenario.Expected::kind)
                .contains(tuple("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL", "S-1", "BLOCKER"));
        assertThat(new ScenarioRunner(LoggedDecisions.READER, LoggedDecisions.ENGINE).run(scenario, RULES).problems()).isEmpty();
    }

    @Test
    void withASuiteItIsAddedToThePacksFileAndTheSameIdTwiceIsRefused() throws Exception {
        Path log = LoggedDecisions.log(folder, Redaction.NONE, Map.of(
                "d-1", CONTRACT_EXAMPLE.formatted("C-1"), "d-2", CONTRACT_EXAMPLE.formatted("C-2")));
        Path scenarios = folder.resolve("test-scenarios");
        Files.createDirectories(scenarios.resolve("multichannel"));
        Files.writeString(scenarios.resolve("multichannel/kept.yaml"), """
                description: Kept by hand before  # a comment that must stay
                policies: []
                scenarios:
                - id: an-older-one
                  description: written by hand
                  given: { asOf: 2026-11-23, partner: { id: P-1, role: DIRECT_PARTNER }, customer: { id: C-9 } }
                  exactly: true
                """);

        Run first = run("--from-log", "d-1", "--log", log.toString(), "--suite", "kept", "--scenarios", scenarios.toString());
        Run second = run("--from-log", "d-2", "--log", log.toString(), "--suite", "kept", "--id", "c-2-blocked",
                "--scenarios", scenarios.toString());
        Run again = run("--from-log", "d-1", "--log", log.toString(), "--suite", "kept", "--scenarios", scenarios.toString());

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("multichannel/kept.yaml already has a scenario 'decision-d-1'");
        String text = Files.readString(scenarios.resolve("multichannel/kept.yaml"));
        assertThat(text).startsWith("description: Kept by hand before  # a comment that must stay\n");
        ScenarioFile suite = new ScenarioParser().parse("multichannel/kept.yaml", text);
        assertThat(suite.scenarios()).extracting(Scenario::id).containsExactly("an-older-one", "decision-d-1", "c-2-blocked");
        ScenarioRunner runner = new ScenarioRunner(LoggedDecisions.READER, LoggedDecisions.ENGINE);
        assertThat(suite.scenarios().subList(1, 3)).allSatisfy(kept -> assertThat(runner.run(kept, RULES).problems()).isEmpty());
    }

    @Test
    void aDecisionLoggedWithAHashedFieldIsRefusedAndNothingIsWritten() throws Exception {
        Path log = LoggedDecisions.log(folder, new Redaction(Set.of("customer.id"), Set.of()),
                Map.of("d-1", CONTRACT_EXAMPLE.formatted("C-SECRET")));

        Run run = run("--from-log", "d-1", "--log", log.toString(), "--suite", "kept", "--scenarios", folder.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("decision d-1 was logged with redacted fields (customer.id)");
        assertThat(folder.resolve("multichannel")).doesNotExist();
    }

    @Test
    void aDecisionLoggedWithoutAFieldTheLogDropsIsRefused() throws Exception {
        Redaction dropsOffers = new Redaction(Set.of(), Set.of("customer.subscriptions.offer"));
        Path log = LoggedDecisions.log(folder, dropsOffers, Map.of("d-1", CONTRACT_EXAMPLE.formatted("C-1")));
        DecisionScenarios scenarios = new DecisionScenarios(LoggedDecisions.READER, LoggedDecisions.ENGINE,
                version -> Optional.of(RULES), dropsOffers);
        StoredDecision stored = new DecisionLogReader(log, dropsOffers).find("d-1").orElseThrow();

        assertThatThrownBy(() -> scenarios.scenario(stored, null, null))
                .isInstanceOf(KeepRefusedException.class)
                .hasMessageStartingWith("decision d-1 was logged with redacted fields (customer.subscriptions[0].offer)");
    }

    @Test
    void anUnknownDecisionOrABadOptionSaysWhy() throws Exception {
        Path log = LoggedDecisions.log(folder, Redaction.NONE, Map.of("d-1", CONTRACT_EXAMPLE.formatted("C-1")));

        Run unknown = run("--from-log", "nope", "--log", log.toString());
        Run badOption = run("--from-log", "d-1", "--lgo", log.toString());

        assertThat(unknown.status()).isEqualTo(1);
        assertThat(unknown.err()).contains("no logged decision nope in " + log);
        assertThat(badOption.status()).isEqualTo(2);
        assertThat(badOption.err()).startsWith("unknown option --lgo");
    }

    private static Run run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScenariosCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {
    }
}
