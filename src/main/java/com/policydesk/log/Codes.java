package com.policydesk.log;

import com.policydesk.model.Recommendation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The codes column: each code of a decision once, between spaces ({@code " A B "}), so that one {@code LIKE '% A %'}
 * finds the decisions with a code, in SQL or in the sqlite3 shell.
 */
final class Codes {
    private Codes() {
    }

    static String column(List<Recommendation> recommendations) {
        Set<String> codes = new LinkedHashSet<>();
        recommendations.forEach(recommendation -> codes.add(recommendation.code()));
        return codes.isEmpty() ? " " : " " + String.join(" ", codes) + " ";
    }

    static String pattern(String code) {
        return "% " + code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %";
    }
}
