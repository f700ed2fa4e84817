package com.policydesk.engine;

import com.policydesk.model.Recommendation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's order and uniqueness of recommendations: by kind (as declared), then subscription id (null
 * first, then by code point), then code; one recommendation per (code, subscription id), the first kept.
 */
final class RecommendationOrder {
    static final Comparator<String> BY_CODE_POINT = RecommendationOrder::compareCodePoints;
    static final Comparator<Recommendation> ORDER = Comparator
            .comparing(Recommendation::kind)
            .thenComparing(Recommendation::subscriptionId, Comparator.nullsFirst(BY_CODE_POINT))
            .thenComparing(Recommendation::code, BY_CODE_POINT);

    private RecommendationOrder() {
    }

    static List<Recommendation> uniqueAndOrdered(List<Recommendation> recommendations) {
        Map<List<String>, Recommendation> unique = new LinkedHashMap<>();
        for (Recommendation recommendation : recommendations) {
            unique.putIfAbsent(keyOf(recommendation), recommendation);
        }
        List<Recommendation> ordered = new ArrayList<>(unique.values());
        ordered.sort(ORDER);
        return ordered;
    }

    private static List<String> keyOf(Recommendation recommendation) {
        return Arrays.asList(recommendation.code(), recommendation.subscriptionId());
    }

    /** String.compareTo compares UTF-16 units, which orders characters beyond the BMP wrongly. */
    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
