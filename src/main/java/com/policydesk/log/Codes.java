package com.policydesk.log;

import com.policydesk.model.Recommendation;

import java.util.List;

/**
 * The codes column: each code of a decision once, between spaces ({@code " A B "}), so that one {@code LIKE '% A %'}
 * finds the decisions with a code, in SQL or in the sqlite3 shell.
 */
final class Codes {
    private Codes() {
    }

    static String column(List<Recommendation> recommendations) {
        // A decision has a dozen codes at most: looking for " CODE " in what is built so far beats a hash set.
        StringBuilder column = new StringBuilder(recommendations.size() * 24 + 1).append(' ');
        for (Recommendation recommendation : recommendations) {
            String code = recommendation.code();
            if (!containsCode(column, code)) {
                column.append(code).append(' ');
            }
        }
        return column.toString();
    }

    private static boolean containsCode(StringBuilder column, String code) {
        for (int at = column.indexOf(code); at >= 0; at = column.indexOf(code, at + 1)) {
            int end = at + code.length();
            if (column.charAt(at - 1) == ' ' && end < column.length() && column.charAt(end) == ' ') {
                return true;
            }
        }
        return false;
    }

    static String pattern(String code) {
        return "% " + code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %";
    }
}
