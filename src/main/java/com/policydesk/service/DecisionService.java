package com.policydesk.service;

import com.policydesk.api.DecisionResponse;
import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.EvaluationException;
import com.policydesk.model.DecisionRequest;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Decides validated requests on the active rule set. A failing evaluation is logged in full under its
 * decision id and surfaces as {@link DecisionFailedException}, which says only that id.
 */
@Singleton
public class DecisionService {
    private static final Logger LOG = Logger.getLogger(DecisionService.class);

    private final RuleSetService rules;
    private final DecisionEngine engine;

    DecisionService(RuleSetService rules, DecisionEngine engine) {
        this.rules = rules;
        this.engine = engine;
    }

    public DecisionResponse decide(DecisionRequest request, boolean explain) {
        String decisionId = UUID.randomUUID().toString();
        RuleSet ruleSet = rules.current();
        try {
            Decision decision = engine.evaluate(ruleSet, request, explain);
            return DecisionResponse.of(decisionId, decision, explain);
        } catch (EvaluationException e) {
            LOG.errorf(e, "Decision %s failed on rule set %s (%s): %s", decisionId, ruleSet.version(), e.code(),
                    e.getMessage());
            throw new DecisionFailedException(decisionId, e);
        }
    }
}
