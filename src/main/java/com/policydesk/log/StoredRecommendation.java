package com.policydesk.log;

import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A recommendation as the log keeps it: what it decided, without its words (the rule's name and the message).
 *
 * @param code           the recommendation's code
 * @param kind           blocker, action, warning or info
 * @param subscriptionId the subscription, or null
 * @param policy         the policy statement
 * @param details        never null
 */
public record StoredRecommendation(String code, Kind kind, String subscriptionId, String policy,
                                   Map<String, Object> details) {
    public StoredRecommendation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Whether a recommendation decided again is this one (same code and subscription): its words can be taken. */
    public boolean sameAs(Recommendation decided) {
        return code.equals(decided.code()) && Objects.equals(subscriptionId, decided.subscriptionId());
    }

    /** The recommendation as answered: this one with the rule's name and message of the same one decided again. */
    public Recommendation withWordsOf(Recommendation decided) {
        return new Recommendation(code, kind, subscriptionId, policy, decided.rule(), decided.message(), details);
    }
}
