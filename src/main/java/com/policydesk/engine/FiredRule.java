package com.policydesk.engine;

import java.util.List;

/**
 * A rule that fired, in firing order.
 *
 * @param rule   the rule's name
 * @param policy its policy id
 * @param facts  the facts its conditions matched
 */
public record FiredRule(String rule, String policy, List<Object> facts) {
    public FiredRule {
        facts = List.copyOf(facts);
    }
}
