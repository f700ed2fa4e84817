package com.policydesk.error;

import java.util.List;
import java.util.stream.Collectors;

/** The load stage: a rule set was refused, with every problem found (file, line, message). */
public final class RuleSetException extends PolicyDeskException {
    private final transient List<RuleSetProblem> problems;

    public RuleSetException(List<RuleSetProblem> problems) {
        super("rule set refused:\n" + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<RuleSetProblem> problems() {
        return problems;
    }

    @Override
    public String code() {
        return "invalid_ruleset";
    }
}
