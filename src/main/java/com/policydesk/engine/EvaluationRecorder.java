package com.policydesk.engine;

import com.policydesk.model.Finding;
import com.policydesk.model.Recommendation;
import org.drools.core.common.ActivationsManager;
import org.drools.core.common.ReteEvaluator;
import org.drools.core.rule.consequence.InternalMatch;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records one evaluation: what the rules find, each finding becoming a recommendation with the name and policy id of
 * the rule whose consequence reported it, and, when traced, every rule that fired with the facts it matched.
 *
 * <p>The rule that is reporting is read from the session's knowledge helper, which Drools points at the match whose
 * consequence it runs (and clears after it), rather than from an agenda listener: a listener makes the session build
 * an event object for every match created, fired and cancelled, which cost more than the rest of this class. The
 * listener is added only for a trace.
 */
final class EvaluationRecorder {
    private final Map<String, String> policies;
    private final ActivationsManager agenda;
    private final List<Recommendation> recommendations = new ArrayList<>();
    private final List<FiredRule> firedRules;

    /** @param session the session being evaluated, whose knowledge helper names the firing rule */
    EvaluationRecorder(RuleSet ruleSet, KieSession session, boolean trace) {
        this.policies = ruleSet.policiesByRule();
        this.agenda = ((ReteEvaluator) session).getActivationsManager();
        this.firedRules = trace ? new ArrayList<>() : List.of();
        if (trace) {
            session.addEventListener(tracer());
        }
    }

    /** A finding of the rule whose consequence is running: rules report only from their consequences. */
    void found(Finding finding) {
        Objects.requireNonNull(finding, "a rule reported a null finding");
        InternalMatch firing = agenda.getKnowledgeHelper().getActivation();
        if (firing == null) {
            throw new IllegalStateException("a finding was reported outside a rule's consequence: " + finding.code());
        }
        Rule rule = firing.getRule();
        recommendations.add(new Recommendation(finding.code(), finding.kind(), finding.subscriptionId(),
                policyOf(rule), rule.getName(), finding.message(), finding.details()));
    }

    /** Every rule that fired, in order, with the facts it matched: empty unless traced. */
    List<FiredRule> firedRules() {
        return firedRules;
    }

    List<Recommendation> recommendations() {
        return recommendations;
    }

    private AgendaEventListener tracer() {
        return new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                Rule rule = event.getMatch().getRule();
                firedRules.add(new FiredRule(rule.getName(), policyOf(rule), event.getMatch().getObjects()));
            }
        };
    }

    /** Read once at load: a rule's metadata map is rebuilt on every call. */
    private String policyOf(Rule rule) {
        return policies.get(rule.getName());
    }
}
