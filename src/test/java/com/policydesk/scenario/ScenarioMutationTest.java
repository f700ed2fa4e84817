package com.policydesk.scenario;

import com.policydesk.RulesCopies;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.request.RequestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The suites catch a rule changed against the policy, naming the scenario and the difference. */
@Execution(ExecutionMode.CONCURRENT)
class ScenarioMutationTest {
    private final ScenarioGate suites = new ScenarioGate(Path.of("test-scenarios"), new RequestReader(), new DecisionEngine());

    @TempDir
    Path rules;

    @Test
    void theSuitesPassOnTheRulesAsTheyAre() throws IOException {
        assertThat(suites.failures(copyWith("third-party-licenses.drl", text -> text))).isEmpty();
    }

    @Test
    void aBlockerTurnedIntoAWarningFailsNamingTheScenarioAndTheDifference() throws IOException {
        RuleSet mutated = copyWith("third-party-licenses.drl",
                text -> text.replace("\"LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL\", Kind.BLOCKER", "\"LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL\", Kind.WARNING"));

        List<String> failures = suites.failures(mutated);

        assertThat(failures).isNotEmpty().allSatisfy(failure -> assertThat(failure)
                .contains("multichannel/")
                .contains("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL")
                .contains("rules fired"));
        assertThat(failures).anySatisfy(failure -> assertThat(failure).contains("missing:").contains("kind=BLOCKER"));
    }

    @Test
    void aRuleThatFiresWherePolicyIsSilentFailsTheExactScenarios() throws IOException {
        RuleSet mutated = copyWith("eligibility.drl",
                text -> text.replace("channel == Channel.SYNDICATION, isLive(this, $asOf)", "channel in (Channel.SYNDICATION, Channel.CSP), isLive(this, $asOf)"));

        assertThat(suites.failures(mutated)).anySatisfy(failure -> assertThat(failure)
                .contains("MULTICHANNEL_NOT_APPLICABLE"));
    }

    private RuleSet copyWith(String file, java.util.function.UnaryOperator<String> change) throws IOException {
        RulesCopies.copy(Path.of("rules"), rules);
        Path target = rules.resolve("multichannel").resolve(file);
        String original = Files.readString(target);
        String changed = change.apply(original);
        Files.writeString(target, changed);
        return new RuleSetLoader().loadFolder(rules);
    }
}
