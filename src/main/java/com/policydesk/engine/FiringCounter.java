package com.policydesk.engine;

import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts firings by rule, to name the likely culprit of a rule set that does not settle. Listened only when an
 * evaluation is run again for that purpose: counting on every evaluation cost a map update per firing.
 */
final class FiringCounter extends DefaultAgendaEventListener {
    private final Map<String, Integer> firingsByRule = new HashMap<>();

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        firingsByRule.merge(event.getMatch().getRule().getName(), 1, Integer::sum);
    }

    /** The rule that fired most often, as {@code 'name' (n times)}, or {@code none}. */
    String mostFired() {
        return firingsByRule.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(entry -> "'" + entry.getKey() + "' (" + entry.getValue() + " times)").orElse("none");
    }
}
