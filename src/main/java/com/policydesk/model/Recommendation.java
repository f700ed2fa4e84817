package com.policydesk.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;
import java.util.Objects;

/**
 * One recommendation of a decision: a finding of a rule, with the rule's name and policy id.
 *
 * @param code           stable code from the contract
 * @param kind           blocker, action, warning or info
 * @param subscriptionId the subscription it concerns, or null for the customer or partner as a whole
 * @param policy         the policy statement id the rule implements
 * @param rule           the name of the rule that produced it
 * @param message        readable English text
 * @param details        structured values for machines; never null
 */
@JsonPropertyOrder({"code", "kind", "subscriptionId", "policy", "rule", "message", "details"})
public record Recommendation(
        String code,
        Kind kind,
        String subscriptionId,
        String policy,
        String rule,
        String message,
        Map<String, Object> details) {

    public Recommendation {
        Facts.requireText(code, "code");
        Objects.requireNonNull(kind, "kind");
        Facts.requireText(policy, "policy");
        Facts.requireText(rule, "rule");
        Facts.requireText(message, "message");
        details = Details.copyOf(details);
    }
}
