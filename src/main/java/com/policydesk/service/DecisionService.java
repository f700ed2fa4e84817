package com.policydesk.service;

import com.policydesk.api.DecisionResponse;
import com.policydesk.engine.Decision;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.error.EvaluationException;
import com.policydesk.log.DecisionIds;
import com.policydesk.model.DecisionRequest;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Decides validated requests on the active rule set and records each decision in the decision log. A failing
 * evaluation is logged in full under its decision id and surfaces as {@link DecisionFailedException}, which says
 * only that id; a decision the log cannot take (queue full, policy shed) surfaces as {@link OverloadedException}.
 */
@Singleton
public class DecisionService {
    private static final Logger LOG = Logger.getLogger(DecisionService.class);
    private static final String WARMUP_ID = "warm-up";

    private final RuleSetService rules;
    private final DecisionEngine engine;
    private final DecisionLogService log;

    DecisionService(RuleSetService rules, DecisionEngine engine, DecisionLogService log) {
        this.rules = rules;
        this.engine = engine;
        this.log = log;
    }

    /** Decides a request that came without a body of its own (a batch's item). */
    public DecisionResponse decide(DecisionRequest request, boolean explain) {
        return decide(request, null, explain, DecisionIds.next());
    }

    /** @param body the body the request was read from, as received: the decision log keeps it as it is */
    public DecisionResponse decide(DecisionRequest request, byte[] body, boolean explain) {
        return decide(request, body, explain, DecisionIds.next());
    }

    /**
     * Decides a request of the service's own HTTP warm-up: the whole way, but neither logged nor refused for a full
     * log queue (it is not a customer's decision).
     */
    public DecisionResponse decideForWarmup(DecisionRequest request, boolean explain) {
        return decide(request, null, explain, WARMUP_ID, false);
    }

    /**
     * Decides under an id the caller made (a bulk message's, the same at each delivery: see {@link DecisionIds#of}).
     *
     * @param body the body the request was read from, as received, or null when there is none
     */
    public DecisionResponse decide(DecisionRequest request, byte[] body, boolean explain, String decisionId) {
        return decide(request, body, explain, decisionId, true);
    }

    /** One path for every decision, logged or not, so that a failure is reported the same way either way. */
    private DecisionResponse decide(DecisionRequest request, byte[] body, boolean explain, String decisionId,
                                    boolean logged) {
        if (logged) {
            log.requireRoom();
        }
        RuleSet ruleSet = rules.current();
        try {
            long started = System.nanoTime();
            Decision decision = engine.evaluate(ruleSet, request, explain);
            if (logged) {
                log.record(decisionId, ruleSet, request, body, decision, System.nanoTime() - started);
            }
            return DecisionResponse.of(decisionId, decision, explain);
        } catch (EvaluationException e) {
            LOG.errorf(e, "Decision %s failed on rule set %s (%s): %s", decisionId, ruleSet.version(), e.code(),
                    e.getMessage());
            throw new DecisionFailedException(decisionId, e);
        }
    }
}
