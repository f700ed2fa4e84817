package com.policydesk.api;

/** The error codes of the API: one status, one stable code, one title each. */
public enum ApiError {
    INVALID_REQUEST(400, "invalid_request", "Invalid request"),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
    FORBIDDEN(403, "forbidden", "Forbidden"),
    NOT_FOUND(404, "not_found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not_acceptable", "Not acceptable"),
    CONFLICT(409, "conflict", "Conflict"),
    SCENARIO_EXISTS(409, "scenario_exists", "Scenario exists"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Unsupported media type"),
    RULESET_REJECTED(422, "ruleset_rejected", "Rule set rejected"),
    DECISION_REDACTED(422, "decision_redacted", "Decision redacted"),
    SUITE_INVALID(422, "suite_invalid", "Suite invalid"),
    INTERNAL_ERROR(500, "internal_error", "Internal error"),
    DECISION_LOG_ON_KAFKA(501, "decision_log_on_kafka", "Decision log on Kafka"),
    OVERLOADED(503, "overloaded", "Overloaded"),
    CLUSTER_UNAVAILABLE(503, "cluster_unavailable", "Cluster unavailable");

    private final int status;
    private final String code;
    private final String title;

    ApiError(int status, String code, String title) {
        this.status = status;
        this.code = code;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** The problem type: a URI reference, the code's words joined by hyphens. */
    public String type() {
        return "/errors/" + code.replace('_', '-');
    }
}
