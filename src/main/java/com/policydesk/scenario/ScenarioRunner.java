package com.policydesk.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.FiredRule;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.EvaluationException;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Runs scenarios through the request reader and the engine, as a CRM's request would go, without HTTP. */
public final class ScenarioRunner {
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

    private final RequestReader reader;
    private final DecisionEngine engine;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public ScenarioRunner(RequestReader reader, DecisionEngine engine) {
        this.reader = reader;
        this.engine = engine;
    }

    public ScenarioResult run(Scenario scenario, RuleSet ruleSet) {
        return run(scenario, ruleSet, true);
    }

    /**
     * Runs the scenario; without {@code trace} the result holds no fired rules nor DMN evaluations (for coverage and
     * for the report of a failure), and costs less.
     */
    public ScenarioResult run(Scenario scenario, RuleSet ruleSet, boolean trace) {
        Decision decision;
        try {
            decision = engine.evaluate(ruleSet, reader.read(scenario.body()), trace);
        } catch (InvalidRequestException refused) {
            return refused(scenario, refused);
        } catch (EvaluationException failed) {
            String problem = "the evaluation failed (" + failed.code() + "): " + failed.getMessage();
            return new ScenarioResult(scenario, List.of(problem), null, problem);
        }
        return decided(scenario, decision);
    }

    private ScenarioResult refused(Scenario scenario, InvalidRequestException refused) {
        List<String> problems = new ArrayList<>();
        Scenario.ExpectedError expected = scenario.expectError();
        List<String> paths = refused.errors().stream().map(FieldError::path).toList();
        if (expected == null) {
            problems.add("the request was refused, but the scenario expects a decision");
        } else {
            if (!expected.code().equals(refused.code())) {
                problems.add("expected error code " + expected.code() + ", got " + refused.code());
            }
            expected.paths().stream().filter(path -> !paths.contains(path))
                    .forEach(path -> problems.add("expected an error at path '" + path + "'"));
        }
        String report = problems.isEmpty() ? "" : String.join("\n", problems) + "\n  errors reported:\n"
                + refused.errors().stream().map(e -> "    '" + e.path() + "': " + e.message()).collect(Collectors.joining("\n"));
        return new ScenarioResult(scenario, problems, null, report);
    }

    private ScenarioResult decided(Scenario scenario, Decision decision) {
        List<String> problems = new ArrayList<>();
        List<Recommendation> actual = decision.recommendations();
        if (scenario.expectError() != null) {
            problems.add("expected the request to be refused with " + scenario.expectError().code() + ", but it was decided");
        }
        for (Scenario.Expected expected : scenario.expect()) {
            if (actual.stream().noneMatch(recommendation -> matches(expected, recommendation))) {
                problems.add("missing:    " + describe(expected));
            }
        }
        if (scenario.exactly()) {
            actual.stream().filter(r -> scenario.expect().stream().noneMatch(e -> matches(e, r)))
                    .forEach(r -> problems.add("unexpected: " + describe(r)));
        }
        for (Scenario.Unexpected unexpected : scenario.expectNot()) {
            actual.stream().filter(r -> matches(unexpected, r))
                    .forEach(r -> problems.add("must not fire: " + describe(r)));
        }
        String report = problems.isEmpty() ? "" : report(problems, decision);
        return new ScenarioResult(scenario, problems, decision, report);
    }

    private boolean matches(Scenario.Expected expected, Recommendation actual) {
        return expected.code().equals(actual.code())
                && (!expected.hasSubscriptionId() || Objects.equals(expected.subscriptionId(), actual.subscriptionId()))
                && (expected.kind() == null || expected.kind().equals(actual.kind().name()))
                && (expected.details() == null || containsDetails(json.valueToTree(actual.details()), expected.details()));
    }

    private static boolean matches(Scenario.Unexpected unexpected, Recommendation actual) {
        return unexpected.code().equals(actual.code())
                && (!unexpected.hasSubscriptionId() || Objects.equals(unexpected.subscriptionId(), actual.subscriptionId()));
    }

    /** Every expected detail is present with an equal value (numbers by value: 128 equals 128.0). */
    private static boolean containsDetails(JsonNode actual, JsonNode expected) {
        Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = actual.get(field.getKey());
            if (value == null || !field.getValue().equals(NUMBERS_BY_VALUE, value)) {
                return false;
            }
        }
        return true;
    }

    private String report(List<String> problems, Decision decision) {
        StringBuilder report = new StringBuilder();
        problems.forEach(problem -> report.append("  ").append(problem).append('\n'));
        report.append("  actual recommendations (").append(decision.recommendations().size()).append("):\n");
        decision.recommendations().forEach(r -> report.append("    ").append(describe(r)).append('\n'));
        report.append("  rules fired (").append(decision.firedRules().size()).append("):\n");
        decision.firedRules().stream().map(FiredRule::rule).distinct()
                .forEach(rule -> report.append("    \"").append(rule).append("\"\n"));
        report.append("  ruleset: ").append(decision.ruleset());
        return report.toString();
    }

    private static String describe(Scenario.Expected expected) {
        return expected.code()
                + (expected.hasSubscriptionId() ? " subscription=" + expected.subscriptionId() : "")
                + (expected.kind() == null ? "" : " kind=" + expected.kind())
                + (expected.details() == null ? "" : " details⊇" + expected.details());
    }

    private String describe(Recommendation actual) {
        return actual.code() + " subscription=" + actual.subscriptionId() + " kind=" + actual.kind()
                + " details=" + json.valueToTree(actual.details()) + " (rule \"" + actual.rule() + "\", " + actual.policy() + ")";
    }
}
