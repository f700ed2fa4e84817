package com.policydesk.error;

import java.util.Objects;

/**
 * One problem with a request: where it is and what is wrong.
 *
 * @param path    the offending field, as {@code customer.subscriptions[1].channel}; {@code ""} for the body as a whole
 * @param message what is wrong, in words a CRM developer can act on
 */
public record FieldError(String path, String message) {
    public FieldError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }
}
