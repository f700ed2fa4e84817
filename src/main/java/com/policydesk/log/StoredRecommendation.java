package com.policydesk.log;

import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A recommendation as the log keeps it: everything the API answered but the message.
 *
 * @param code           the recommendation's code
 * @param kind           blocker, action, warning or info
 * @param subscriptionId the subscription, or null
 * @param policy         the policy statement
 * @param rule           the rule that produced it
 * @param details        never null
 */
public record StoredRecommendation(String code, Kind kind, String subscriptionId, String policy, String rule,
                                   Map<String, Object> details) {
    public StoredRecommendation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** The answered recommendation with its message, rebuilt from a re-run; null when the re-run had none. */
    public Recommendation withMessage(String message) {
        return message == null ? null : new Recommendation(code, kind, subscriptionId, policy, rule, message, details);
    }
}
