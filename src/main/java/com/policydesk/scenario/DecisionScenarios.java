package com.policydesk.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.PolicyDeskException;
import com.policydesk.log.Redaction;
import com.policydesk.log.StoredDecision;
import com.policydesk.log.StoredRecommendation;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Logged decisions as scenarios: the request as logged is the scenario's {@code given}, the recommendations it
 * answered are its {@code expect} (code, subscription, kind, details), and {@code exactly: true}, so that a rule
 * change that adds or removes anything for this request makes it fail with the difference. Messages are never
 * expected (the suites do not compare them). Thread-safe.
 */
public final class DecisionScenarios {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestReader reader;
    private final DecisionEngine engine;
    private final Function<String, Optional<RuleSet>> versions;
    private final Redaction redaction;

    /**
     * @param versions  a version's rule set, when it can be had: the kinds of the recommendations, which the log
     *                  does not keep, come from deciding the request again on it (without it they are left out)
     * @param redaction the log's redaction: a request it dropped fields from is refused
     */
    public DecisionScenarios(RequestReader reader, DecisionEngine engine, Function<String, Optional<RuleSet>> versions,
                             Redaction redaction) {
        this.reader = reader;
        this.engine = engine;
        this.versions = versions;
        this.redaction = redaction;
    }

    /** The id a kept decision gets when none is asked for: {@code decision-} and the decision id, kebab-case. */
    public static String defaultId(String decisionId) {
        return "decision-" + decisionId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * The decision as a scenario.
     *
     * @param id          null for {@link #defaultId}
     * @param description null for one naming the decision, its version and when it was decided
     * @throws KeepRefusedException (REDACTED) when the logged request was redacted or cannot be read again
     */
    public KeptScenario scenario(StoredDecision decision, String id, String description) {
        ObjectNode request = requestOf(decision);
        List<String> redacted = redaction.redactedIn(request);
        if (!redacted.isEmpty()) {
            throw new KeepRefusedException(KeepRefusedException.Reason.REDACTED, "decision " + decision.decisionId()
                    + " was logged with redacted fields (" + String.join(", ", redacted) + "): a scenario of it would"
                    + " be another request; keep one from a log that does not redact them, or write it by hand");
        }
        requireReadable(decision);
        List<Recommendation> answered = answered(decision);
        ObjectNode scenario = JSON.createObjectNode();
        scenario.put("id", id != null ? id : defaultId(decision.decisionId()));
        scenario.put("description", description != null ? description : "decision " + decision.decisionId()
                + " as decided by " + decision.ruleset() + " at " + decision.at());
        scenario.set("given", request);
        scenario.put("exactly", true);
        ArrayNode expect = scenario.putArray("expect");
        for (int i = 0; i < decision.recommendations().size(); i++) {
            StoredRecommendation logged = decision.recommendations().get(i);
            ObjectNode item = expect.addObject().put("code", logged.code()).put("subscriptionId", logged.subscriptionId());
            if (answered != null) {
                item.put("kind", answered.get(i).kind().name());
            } else if (logged.kind() != null) {
                item.put("kind", logged.kind().name());
            }
            if (!logged.details().isEmpty()) {
                item.set("details", JSON.valueToTree(logged.details()));
            }
        }
        KeptScenario kept = new KeptScenario(decision.decisionId(), decision.ruleset(), scenario);
        if (!SuiteFiles.endsWith(new ScenarioParser().parse("kept.yaml", kept.yaml()), kept)) {
            throw new IllegalStateException("decision " + decision.decisionId() + " reads back as another request from YAML");
        }
        return kept;
    }

    private static ObjectNode requestOf(StoredDecision decision) {
        try {
            if (JSON.readTree(decision.request()) instanceof ObjectNode request) {
                return request;
            }
        } catch (IOException unreadable) {
            // refused below, as any other request that is not an object
        }
        throw new IllegalStateException("decision " + decision.decisionId() + " holds a request that is not a JSON object");
    }

    /** A request the log dropped a required field from (with settings this process does not know) is no request. */
    private void requireReadable(StoredDecision decision) {
        try {
            reader.read(decision.request().getBytes(StandardCharsets.UTF_8));
        } catch (PolicyDeskException invalid) {
            throw new KeepRefusedException(KeepRefusedException.Reason.REDACTED, "decision " + decision.decisionId()
                    + " was logged with a request that is no longer valid (a field the log drops?): " + invalid.getMessage());
        }
    }

    /** The recommendations as answered, with their kinds, from the decision's version; null when it cannot be had. */
    private List<Recommendation> answered(StoredDecision decision) {
        try {
            return versions.apply(decision.ruleset())
                    .map(ruleSet -> engine.evaluate(ruleSet, reader.read(decision.request().getBytes(StandardCharsets.UTF_8))))
                    .map(again -> StoredRecommendation.answered(decision.recommendations(), again.recommendations()))
                    .orElse(null);
        } catch (PolicyDeskException failed) {
            return null;
        }
    }
}
