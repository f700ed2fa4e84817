package com.policydesk.error;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * One reason a rule set was refused.
 *
 * @param file    the file, relative to the rules folder
 * @param line    the line, or 0 where not known
 * @param message what is wrong
 * @param feel    for a FEEL expression of a DMN model that does not compile, which one; otherwise null
 */
public record RuleSetProblem(String file, int line, String message,
                             @JsonInclude(JsonInclude.Include.NON_NULL) FeelExpression feel) {
    public RuleSetProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    public RuleSetProblem(String file, int line, String message) {
        this(file, line, message, null);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }

    /**
     * A FEEL expression of a DMN model, as the policy team finds it in the editor: its decision, and for a cell of a
     * decision table its row (from 1, as the editor numbers them) and the column's name; its text.
     *
     * @param decision the decision's name
     * @param row      the table row, or null when the expression is not a table's cell
     * @param column   the table column, or null when the expression is not a table's cell
     * @param text     the expression as written
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FeelExpression(String decision, Integer row, String column, String text) {
        public FeelExpression {
            Objects.requireNonNull(decision, "decision");
        }
    }
}
