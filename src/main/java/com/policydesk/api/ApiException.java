package com.policydesk.api;

/** An error the transport answers itself (wrong media type, body too large), with its API error code. */
public final class ApiException extends RuntimeException {
    private final ApiError error;

    public ApiException(ApiError error, String detail) {
        super(detail);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
