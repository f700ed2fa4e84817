package com.policydesk.service;

import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.PolicyDeskException;
import com.policydesk.impact.DecisionDiff;
import com.policydesk.log.DecisionJson;
import com.policydesk.log.DecisionPage;
import com.policydesk.log.DecisionQuery;
import com.policydesk.log.StoredDecision;
import com.policydesk.log.StoredRecommendation;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;
import com.policydesk.request.RequestReader;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Logged decisions, read back: one by id, with its request as validated and its recommendations as the API
 * answered them (the words, kind and policy, which the log does not keep, rebuilt by deciding the logged request
 * again on its own version), optionally re-run on
 * its version and on the active one; or a listing.
 */
@Singleton
public class DecisionLookupService {
    private final DecisionLogService log;
    private final RuleSetVersions versions;
    private final RuleSetService rules;
    private final DecisionEngine engine;
    private final RequestReader reader;

    DecisionLookupService(DecisionLogService log, RuleSetVersions versions, RuleSetService rules, DecisionEngine engine,
                          RequestReader reader) {
        this.log = log;
        this.versions = versions;
        this.rules = rules;
        this.engine = engine;
        this.reader = reader;
    }

    /** A logged decision and what it answered; with {@code rerun}, the same request decided now on both versions. */
    public Optional<Found> find(String decisionId, boolean rerun) {
        Optional<StoredDecision> stored = log.find(decisionId);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        StoredDecision decision = stored.get();
        Optional<RuleSet> original = versions.find(decision.ruleset());
        Optional<DecisionRequest> request = readBack(decision);
        Optional<Decision> again = request.flatMap(r -> original.flatMap(ruleSet -> evaluate(ruleSet, r)));
        List<Recommendation> answered = again.map(decided -> StoredRecommendation.answered(decision.recommendations(), decided.recommendations())).orElse(null);
        Rerun rerunResult = null;
        if (rerun && again.isPresent()) {
            Optional<Decision> now = evaluate(rules.current(), request.get());
            rerunResult = now.map(active -> new Rerun(again.get(), active,
                    DecisionDiff.between(again.get().recommendations(), active.recommendations()))).orElse(null);
        }
        String requestJson = request.map(r -> new String(DecisionJson.request(r), StandardCharsets.UTF_8))
                .orElse(decision.request());
        return Optional.of(new Found(decision, requestJson, answered, rerunResult));
    }

    public DecisionPage list(DecisionQuery query) {
        return log.list(query);
    }

    /**
     * A logged decision, its request as validated (as stored when it cannot be read again: a redaction dropped a
     * required field), its recommendations as answered (null when they could not be rebuilt: then the stored ones,
     * without their words, are all there is), and the re-run when asked for and possible.
     */
    public record Found(StoredDecision decision, String request, List<Recommendation> answered, Rerun rerun) {
    }

    /** The logged request decided now on its original version and on the active one, and how the two differ. */
    public record Rerun(Decision original, Decision active, DecisionDiff difference) {
    }

    private Optional<DecisionRequest> readBack(StoredDecision decision) {
        try {
            return Optional.of(reader.read(decision.request().getBytes(StandardCharsets.UTF_8)));
        } catch (PolicyDeskException redacted) {
            return Optional.empty();
        }
    }

    private Optional<Decision> evaluate(RuleSet ruleSet, DecisionRequest request) {
        try {
            return Optional.of(engine.evaluate(ruleSet, request));
        } catch (PolicyDeskException failed) {
            return Optional.empty();
        }
    }
}
