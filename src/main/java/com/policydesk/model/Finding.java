package com.policydesk.model;

import java.util.Map;
import java.util.Objects;

/**
 * What a rule concludes, reported through the global {@code findings}. The engine adds the rule's name and policy id to make a
 * {@link Recommendation}. Rules build findings with {@link #about} or {@link #general} and add details with
 * {@link #with}.
 *
 * @param code           stable recommendation code
 * @param kind           blocker, action, warning or info
 * @param subscriptionId the subscription it concerns, or null
 * @param message        readable English text
 * @param details        structured values, in insertion order; never null (held as unmodifiable {@link Details})
 */
public record Finding(String code, Kind kind, String subscriptionId, String message, Map<String, Object> details) {
    public Finding {
        Facts.requireText(code, "code");
        Objects.requireNonNull(kind, "kind");
        Facts.requireText(message, "message");
        details = Details.copyOf(details);
    }

    /** A finding about one subscription. */
    public static Finding about(Subscription subscription, String code, Kind kind, String message) {
        return new Finding(code, kind, subscription.id(), message, Details.empty());
    }

    /** A finding about the customer or the partner as a whole. */
    public static Finding general(String code, Kind kind, String message) {
        return new Finding(code, kind, null, message, Details.empty());
    }

    /** This finding with one more detail; a null value is left out. */
    public Finding with(String key, Object value) {
        if (value == null) {
            return this;
        }
        return new Finding(code, kind, subscriptionId, message, Details.copyOf(details).plus(key, value));
    }
}
