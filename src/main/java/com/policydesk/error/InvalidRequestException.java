package com.policydesk.error;

import java.util.List;

/** The validate stage: a request was refused, with every problem found. */
public final class InvalidRequestException extends PolicyDeskException {
    private final transient List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(summary(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid request has at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public String code() {
        return "invalid_request";
    }

    private static String summary(List<FieldError> errors) {
        var first = errors.isEmpty() ? null : errors.get(0);
        return first == null ? "invalid request"
                : "invalid request (" + errors.size() + " problem(s)), first at '" + first.path() + "': " + first.message();
    }
}
