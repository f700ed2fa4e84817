package com.policydesk.engine;

import com.policydesk.model.Finding;
import com.policydesk.model.Recommendation;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Listens to one evaluation: which rule is firing, with which facts, and what it finds. A finding becomes a
 * recommendation with the name and policy id of the rule that reported it.
 */
final class EvaluationRecorder extends DefaultAgendaEventListener {
    private final Map<String, String> policies;
    private final boolean trace;
    private final List<FiredRule> firedRules = new ArrayList<>();
    private final List<Recommendation> recommendations = new ArrayList<>();
    private final Map<String, Integer> firingsByRule = new HashMap<>();
    private Rule firing;

    EvaluationRecorder(RuleSet ruleSet, boolean trace) {
        this.policies = ruleSet.policiesByRule();
        this.trace = trace;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        firing = event.getMatch().getRule();
        if (trace) {
            firedRules.add(new FiredRule(firing.getName(), policyOf(firing), event.getMatch().getObjects()));
        }
        firingsByRule.merge(firing.getName(), 1, Integer::sum);
    }

    /** A finding of the rule whose consequence is running: rules report only from their consequences. */
    void found(Finding finding) {
        Objects.requireNonNull(finding, "a rule reported a null finding");
        if (firing == null) {
            throw new IllegalStateException("a finding was reported outside a rule's consequence: " + finding.code());
        }
        recommendations.add(new Recommendation(finding.code(), finding.kind(), finding.subscriptionId(),
                policyOf(firing), firing.getName(), finding.message(), finding.details()));
    }

    List<FiredRule> firedRules() {
        return firedRules;
    }

    List<Recommendation> recommendations() {
        return recommendations;
    }

    /** The rule that fired most often: the likely culprit when a rule set does not settle. */
    String mostFiredRule() {
        return firingsByRule.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(entry -> "'" + entry.getKey() + "' (" + entry.getValue() + " times)").orElse("none");
    }

    /** Read once at load: a rule's metadata map is rebuilt on every call. */
    private String policyOf(Rule rule) {
        return policies.get(rule.getName());
    }
}
