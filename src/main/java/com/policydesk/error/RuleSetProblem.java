package com.policydesk.error;

import java.util.Objects;

/**
 * One reason a rule set was refused.
 *
 * @param file    the file, relative to the rules folder
 * @param line    the line, or 0 where not known
 * @param message what is wrong
 */
public record RuleSetProblem(String file, int line, String message) {
    public RuleSetProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
