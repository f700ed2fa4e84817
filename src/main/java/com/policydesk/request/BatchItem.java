package com.policydesk.request;

import com.policydesk.error.InvalidRequestException;
import com.policydesk.model.DecisionRequest;

import java.util.Objects;

/** One item of a batch, read on its own: a valid request, or the problems of that item alone. */
public sealed interface BatchItem {

    /** The item is a valid request, defaults applied. */
    record Valid(DecisionRequest request) implements BatchItem {
        public Valid {
            Objects.requireNonNull(request, "request");
        }
    }

    /** The item was refused; paths in {@code error} are relative to the item ({@code partner.role}). */
    record Invalid(InvalidRequestException error) implements BatchItem {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }
    }
}
