package com.policydesk.model;

import java.util.List;
import java.util.Objects;

/** Checks shared by the fact records' constructors. */
final class Facts {
    private Facts() {
    }

    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static <T> List<T> listOrEmpty(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
