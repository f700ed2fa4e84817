package com.policydesk.log;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A recommendation as the log keeps it: what it decided, without its words (the rule's name and the message). The
 * SQLite log keeps its code, subscription and details; its kind and policy, like the words, come from deciding the
 * request again on its version (the Kafka record, and files of the first schema, hold them too).
 *
 * @param code           the recommendation's code
 * @param kind           blocker, action, warning or info; null when the log did not keep it
 * @param subscriptionId the subscription, or null
 * @param policy         the policy statement; null when the log did not keep it
 * @param details        never null
 */
public record StoredRecommendation(String code, @JsonInclude(JsonInclude.Include.NON_NULL) Kind kind,
                                   String subscriptionId, @JsonInclude(JsonInclude.Include.NON_NULL) String policy,
                                   Map<String, Object> details) {
    public StoredRecommendation {
        Objects.requireNonNull(code, "code");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** Whether a recommendation decided again is this one (same code and subscription): its words can be taken. */
    public boolean sameAs(Recommendation decided) {
        return code.equals(decided.code()) && Objects.equals(subscriptionId, decided.subscriptionId());
    }

    /**
     * The stored recommendations with the words, kind and policy of the same ones decided again on their version
     * (each matched by code and subscription, in order); null when one has no match (the version decides otherwise
     * now, which a stored version should not).
     */
    public static List<Recommendation> answered(List<StoredRecommendation> stored, List<Recommendation> decidedAgain) {
        List<Recommendation> unmatched = new ArrayList<>(decidedAgain);
        List<Recommendation> answered = new ArrayList<>(stored.size());
        for (StoredRecommendation logged : stored) {
            Optional<Recommendation> same = unmatched.stream().filter(logged::sameAs).findFirst();
            if (same.isEmpty()) {
                return null;
            }
            unmatched.remove(same.get());
            answered.add(logged.withWordsOf(same.get()));
        }
        return answered;
    }

    /**
     * The recommendation as answered: the same one decided again (its kind, policy and words), with the details
     * this one was decided with.
     */
    public Recommendation withWordsOf(Recommendation decided) {
        return new Recommendation(code, decided.kind(), subscriptionId, decided.policy(), decided.rule(), decided.message(),
                details);
    }
}
