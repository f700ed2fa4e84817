package com.policydesk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.policydesk.error.FieldError;

import java.util.List;

/**
 * The one error shape on the wire: RFC 9457 problem details with a stable {@code code} and, for a refused
 * request, every problem with its path.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "code", "detail", "decisionId", "errors"})
public record Problem(String type, String title, int status, String code, String detail, String decisionId,
                      List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ApiError error, String detail) {
        return new Problem(error.type(), error.title(), error.status(), error.code(), detail, null, null);
    }

    public static Problem invalid(List<FieldError> errors) {
        ApiError error = ApiError.INVALID_REQUEST;
        return new Problem(error.type(), error.title(), error.status(), error.code(), null, null, errors);
    }

    public static Problem internal(String decisionId) {
        ApiError error = ApiError.INTERNAL_ERROR;
        return new Problem(error.type(), error.title(), error.status(), error.code(),
                "The decision failed; it is logged under its decisionId.", decisionId, null);
    }
}
