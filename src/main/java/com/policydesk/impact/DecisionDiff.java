package com.policydesk.impact;

import com.policydesk.model.Recommendation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How two answers to the same request differ. A recommendation is the same in both when its code, subscription
 * and details are the same; its wording may differ (a reworded message is no change in what the service decides).
 *
 * @param added   in the second answer only
 * @param removed in the first answer only
 */
public record DecisionDiff(List<Recommendation> added, List<Recommendation> removed) {
    public DecisionDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    public static DecisionDiff between(List<Recommendation> before, List<Recommendation> after) {
        return new DecisionDiff(missingFrom(before, after), missingFrom(after, before));
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }

    private static List<Recommendation> missingFrom(List<Recommendation> reference, List<Recommendation> candidates) {
        Set<Key> known = new HashSet<>();
        reference.forEach(recommendation -> known.add(Key.of(recommendation)));
        return candidates.stream().filter(recommendation -> !known.contains(Key.of(recommendation))).toList();
    }

    private record Key(String code, String subscriptionId, Map<String, Object> details) {
        static Key of(Recommendation recommendation) {
            return new Key(recommendation.code(), recommendation.subscriptionId(), recommendation.details());
        }

        Key {
            Objects.requireNonNull(code, "code");
        }
    }
}
