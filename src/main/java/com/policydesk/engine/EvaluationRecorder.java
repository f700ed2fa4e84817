package com.policydesk.engine;

import com.policydesk.model.Finding;
import com.policydesk.model.Recommendation;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Listens to one evaluation: which rules fired with which facts, and which findings they inserted. A finding
 * becomes a recommendation with the name and policy id of the rule that inserted it.
 */
final class EvaluationRecorder {
    private final Map<String, String> policies;
    private final boolean trace;
    private final List<FiredRule> firedRules = new ArrayList<>();
    private final List<Recommendation> recommendations = new ArrayList<>();
    private final Map<String, Integer> firingsByRule = new HashMap<>();

    EvaluationRecorder(RuleSet ruleSet, boolean trace) {
        this.policies = ruleSet.policiesByRule();
        this.trace = trace;
    }

    final DefaultAgendaEventListener agendaListener = new DefaultAgendaEventListener() {
        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            Rule rule = event.getMatch().getRule();
            if (trace) {
                firedRules.add(new FiredRule(rule.getName(), policyOf(rule), event.getMatch().getObjects()));
            }
            firingsByRule.merge(rule.getName(), 1, Integer::sum);
        }
    };

    final DefaultRuleRuntimeEventListener insertionListener = new DefaultRuleRuntimeEventListener() {
        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            if (event.getObject() instanceof Finding finding && event.getRule() != null) {
                Rule rule = event.getRule();
                recommendations.add(new Recommendation(finding.code(), finding.kind(), finding.subscriptionId(),
                        policyOf(rule), rule.getName(), finding.message(), finding.details()));
            }
        }
    };

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
