package com.policydesk.request;

import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one request so far; one instance per request read, never shared. */
final class Problems {
    private final List<FieldError> errors;

    Problems() {
        this.errors = new ArrayList<>();
    }

    Problems(List<FieldError> found) {
        this.errors = new ArrayList<>(found);
    }

    void add(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    /** How many problems so far: a reader compares counts to know whether a part of the request was clean. */
    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    InvalidRequestException toException() {
        return new InvalidRequestException(errors);
    }
}
