package com.policydesk.engine;

import com.policydesk.error.EvaluationException;
import com.policydesk.model.Billing;
import com.policydesk.model.Channel;
import com.policydesk.model.Cloud;
import com.policydesk.model.Customer;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Intent;
import com.policydesk.model.Kind;
import com.policydesk.model.Partner;
import com.policydesk.model.PartnerRole;
import com.policydesk.model.Recommendation;
import com.policydesk.model.Subscription;
import com.policydesk.model.SubscriptionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DecisionEngineTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);

    private final RuleSetLoader loader = new RuleSetLoader();
    private final DecisionEngine engine = new DecisionEngine(1_000);

    @TempDir
    Path rules;

    @Test
    void turnsEachFindingIntoARecommendationWithTheRuleNameAndPolicyOfTheRuleThatReportedIt() throws IOException {
        write("pack/greeting.drl", TestRules.GREETING_DRL);

        Decision decision = engine.evaluate(loader.loadFolder(rules), request(), true);

        assertThat(decision.recommendations()).containsExactly(new Recommendation("GREETING", Kind.INFO, null, "T-1",
                "Greet every customer", "Hello C-1", Map.of("customerId", "C-1")));
        assertThat(decision.asOf()).isEqualTo(AS_OF);
        assertThat(decision.firedRules()).extracting(FiredRule::rule).containsExactly("Greet every customer");
    }

    @Test
    void withoutATraceListsNoFiredRulesNorDmnDecisionsButDecidesTheSame() throws IOException {
        write("pack/ask.drl", TestRules.ASK_DMN_DRL);
        write("pack/Yes.dmn", TestRules.YES_DMN);
        RuleSet ruleSet = loader.loadFolder(rules);
        DecisionRequest request = request(subscription("S-1", "ask"));

        Decision plain = engine.evaluate(ruleSet, request);
        Decision traced = engine.evaluate(ruleSet, request, true);

        assertThat(plain.firedRules()).isEmpty();
        assertThat(plain.dmnEvaluations()).isEmpty();
        assertThat(traced.firedRules()).isNotEmpty();
        assertThat(traced.dmnEvaluations()).isNotEmpty();
        assertThat(plain.recommendations()).isEqualTo(traced.recommendations());
    }

    @Test
    void rulesAskDmnThroughTheGlobalAndTheTraceListsEachDecisionWithItsRows() throws IOException {
        write("pack/ask.drl", TestRules.ASK_DMN_DRL);
        write("pack/Yes.dmn", TestRules.YES_DMN);

        Decision decision = engine.evaluate(loader.loadFolder(rules),
                request(subscription("S-2", "ask"), subscription("S-1", "other")), true);

        assertThat(decision.dmnEvaluations()).extracting(DmnEvaluation::inputs, DmnEvaluation::result, DmnEvaluation::rowIds)
                .containsExactlyInAnyOrder(
                        tuple(Map.of("question", "ask"), "yes", List.of("Yes/Answer#_row_yes")),
                        tuple(Map.of("question", "other"), "no", List.of("Yes/Answer#_row_no")));
    }

    @Test
    void ordersByKindThenSubscriptionNullFirstThenCodeAndKeepsOneRecommendationPerCodeAndSubscription() throws IOException {
        write("pack/ask.drl", TestRules.ASK_DMN_DRL);
        write("pack/greeting.drl", TestRules.GREETING_DRL);
        write("pack/Yes.dmn", TestRules.YES_DMN);

        Decision decision = engine.evaluate(loader.loadFolder(rules),
                request(subscription("S-2", "ask"), subscription("S-10", "ask"), subscription("S-1", "ask")));

        assertThat(decision.recommendations()).extracting(Recommendation::kind, Recommendation::subscriptionId, Recommendation::code)
                .containsExactly(
                        tuple(Kind.ACTION, "S-1", "ASKED"),
                        tuple(Kind.ACTION, "S-10", "ASKED"),
                        tuple(Kind.ACTION, "S-2", "ASKED"),
                        tuple(Kind.WARNING, null, "ANSWER"),
                        tuple(Kind.INFO, null, "GREETING"));
    }

    @Test
    void stopsARuleSetThatNeverSettlesAtTheFiringLimitNamingTheRule() throws IOException {
        write("pack/loop.drl", TestRules.LOOPING_DRL);
        RuleSet looping = loader.loadFolder(rules);

        assertThatThrownBy(() -> engine.evaluate(looping, request()))
                .isInstanceOfSatisfying(EvaluationException.class,
                        failure -> assertThat(failure.code()).isEqualTo("rule_firing_limit"))
                .hasMessageContaining("stopped at the limit of 1000 rule firings")
                .hasMessageContaining("'Tick forever'");
    }

    @Test
    void aRuleThatAsksForAnUnknownDmnModelFailsTheEvaluationWithAClearCode() throws IOException {
        write("pack/ask.drl", TestRules.ASK_DMN_DRL.replace("\"Yes\", \"Answer\"", "\"Nope\", \"Answer\""));
        write("pack/Yes.dmn", TestRules.YES_DMN);
        RuleSet ruleSet = loader.loadFolder(rules);

        assertThatThrownBy(() -> engine.evaluate(ruleSet, request(subscription("S-1", "ask"))))
                .isInstanceOfSatisfying(EvaluationException.class,
                        failure -> assertThat(failure.code()).isEqualTo("dmn_model_not_found"))
                .hasMessageContaining("no DMN model named 'Nope'");
    }

    @Test
    void aRuleThatThrowsFailsTheEvaluationAsARuleFailure() throws IOException {
        write("pack/throws.drl", """
                package test;
                import com.policydesk.model.*;
                rule "Divide by zero" @policy("T-9")
                when
                    Customer()
                then
                    int zero = 0;
                    insert(Integer.valueOf(1 / zero));
                end
                """);
        RuleSet ruleSet = loader.loadFolder(rules);

        assertThatThrownBy(() -> engine.evaluate(ruleSet, request()))
                .isInstanceOfSatisfying(EvaluationException.class,
                        failure -> assertThat(failure.code()).isEqualTo("rule_failed"));
    }

    @Test
    void aRuleThatInsertsAFindingInsteadOfReportingItFailsTheEvaluationRatherThanLosingIt() throws IOException {
        write("pack/inserts.drl", TestRules.GREETING_DRL.replace("findings.add(", "insert("));
        RuleSet ruleSet = loader.loadFolder(rules);

        assertThatThrownBy(() -> engine.evaluate(ruleSet, request()))
                .isInstanceOfSatisfying(EvaluationException.class,
                        failure -> assertThat(failure.code()).isEqualTo("rule_failed"))
                .hasMessageContaining("inserted a Finding")
                .hasMessageContaining("findings.add(...)");
    }

    @Test
    void evaluatingTheSameRequestTwiceGivesTheSameDecision() throws IOException {
        write("pack/ask.drl", TestRules.ASK_DMN_DRL);
        write("pack/Yes.dmn", TestRules.YES_DMN);
        RuleSet ruleSet = loader.loadFolder(rules);
        DecisionRequest request = request(subscription("S-1", "ask"));

        assertThat(engine.evaluate(ruleSet, request).recommendations())
                .isEqualTo(engine.evaluate(ruleSet, request).recommendations());
    }

    private static DecisionRequest request(Subscription... subscriptions) {
        return new DecisionRequest(AS_OF, new Partner("P-1", PartnerRole.DIRECT_PARTNER, null),
                new Customer("C-1", Cloud.GLOBAL, List.of(), List.of(subscriptions)), Intent.takeOver());
    }

    private static Subscription subscription(String id, String offer) {
        return new Subscription(id, offer, Billing.LICENSE, Channel.EA, null, SubscriptionStatus.ACTIVE, null, List.of());
    }

    private void write(String path, String content) throws IOException {
        Path file = rules.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
