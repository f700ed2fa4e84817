package com.policydesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.policydesk.error.FieldError;
import com.policydesk.error.RuleSetProblem;
import com.policydesk.service.RuleEditRefusedException;

import java.util.List;

/**
 * A refused workbench edit as problem details: the {@link Problem} members, plus both hashes of a conflict and the
 * compile problems (file, line, message) of a candidate that does not compile.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "code", "detail", "errors", "baseSha256", "currentSha256", "problems"})
public record RuleEditProblem(String type, String title, int status, String code, String detail, List<FieldError> errors,
                              String baseSha256, String currentSha256, List<RuleSetProblem> problems) {

    static RuleEditProblem of(RuleEditRefusedException refused) {
        ApiError error = switch (refused.reason()) {
            case BAD_PATH -> ApiError.INVALID_REQUEST;
            case DRL_NOT_ACCEPTED, NO_RULES_FOLDER -> ApiError.FORBIDDEN;
            case NOT_FOUND -> ApiError.NOT_FOUND;
            case CONFLICT -> ApiError.CONFLICT;
            case INVALID_CANDIDATE -> ApiError.RULESET_REJECTED;
        };
        List<FieldError> errors = refused.reason() == RuleEditRefusedException.Reason.BAD_PATH
                ? List.of(new FieldError("{path}", refused.getMessage())) : null;
        List<RuleSetProblem> problems = refused.problems().isEmpty() ? null : refused.problems();
        return new RuleEditProblem(error.type(), error.title(), error.status(), error.code(), refused.getMessage(), errors,
                refused.baseSha256(), refused.currentSha256(), problems);
    }
}
