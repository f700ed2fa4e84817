package com.policydesk.service;

import com.policydesk.error.RuleSetProblem;

import java.util.List;

/**
 * A workbench edit refused before anything was written, and why: each reason has its own HTTP status and code.
 * {@code problems} are the compile problems of an {@link Reason#INVALID_CANDIDATE}; the hashes tell a
 * {@link Reason#CONFLICT} apart.
 */
public final class RuleEditRefusedException extends RuntimeException {
    public enum Reason {
        /** The path is malformed: a 400 with the path's problem. */
        BAD_PATH,
        /** DRL is Java code: never accepted over HTTP. */
        DRL_NOT_ACCEPTED,
        /** The service runs from the copy bundled into the application: there is no folder to write. */
        NO_RULES_FOLDER,
        /** No such rule file. */
        NOT_FOUND,
        /** The file changed since the edit started. */
        CONFLICT,
        /** The rule set with this file would not compile or validate. */
        INVALID_CANDIDATE
    }

    private final Reason reason;
    private final String baseSha256;
    private final String currentSha256;
    private final transient List<RuleSetProblem> problems;

    RuleEditRefusedException(Reason reason, String detail) {
        this(reason, detail, null, null, List.of());
    }

    RuleEditRefusedException(Reason reason, String detail, String baseSha256, String currentSha256,
                             List<RuleSetProblem> problems) {
        super(detail);
        this.reason = reason;
        this.baseSha256 = baseSha256;
        this.currentSha256 = currentSha256;
        this.problems = List.copyOf(problems);
    }

    public Reason reason() {
        return reason;
    }

    public String baseSha256() {
        return baseSha256;
    }

    public String currentSha256() {
        return currentSha256;
    }

    public List<RuleSetProblem> problems() {
        return problems;
    }
}
