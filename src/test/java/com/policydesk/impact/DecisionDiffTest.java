package com.policydesk.impact;

import com.policydesk.model.Kind;
import com.policydesk.model.Recommendation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A recommendation is the same when its code, subscription and details are; its wording does not count. */
class DecisionDiffTest {
    @Test
    void aRewordedMessageIsNoChange() {
        assertThat(DecisionDiff.between(List.of(recommendation("A", "S-1", Map.of(), "old words")),
                List.of(recommendation("A", "S-1", Map.of(), "new words"))).isEmpty()).isTrue();
    }

    @Test
    void otherDetailsAreOneRemovedAndOneAdded() {
        Recommendation before = recommendation("A", "S-1", Map.of("services", List.of("X")), "m");
        Recommendation after = recommendation("A", "S-1", Map.of("services", List.of("X", "Y")), "m");

        DecisionDiff diff = DecisionDiff.between(List.of(before), List.of(after));

        assertThat(diff.added()).containsExactly(after);
        assertThat(diff.removed()).containsExactly(before);
    }

    @Test
    void anotherSubscriptionIsAnotherRecommendation() {
        Recommendation first = recommendation("A", "S-1", Map.of(), "m");
        Recommendation second = recommendation("A", null, Map.of(), "m");

        assertThat(DecisionDiff.between(List.of(first), List.of(second)).added()).containsExactly(second);
    }

    private static Recommendation recommendation(String code, String subscriptionId, Map<String, Object> details, String message) {
        return new Recommendation(code, Kind.INFO, subscriptionId, "MC-1", "a rule", message, details);
    }
}
