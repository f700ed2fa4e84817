package com.policydesk.api;

import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.log.DecisionQuery;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The query of {@code GET /api/v1/decisions}, checked: every bad parameter is reported at once, by its name
 * ({@code ?limit}), as the {@code ?explain} flag is.
 */
final class DecisionQueryParameters {
    private final List<FieldError> errors = new ArrayList<>();

    private DecisionQueryParameters() {
    }

    /** @throws InvalidRequestException with every bad parameter */
    static DecisionQuery parse(String customerId, String code, String from, String to, String limit, String cursor) {
        DecisionQueryParameters parameters = new DecisionQueryParameters();
        DecisionQuery query = new DecisionQuery(parameters.text("customerId", customerId), parameters.text("code", code),
                parameters.time("from", from), parameters.time("to", to), parameters.limit(limit), parameters.cursor(cursor));
        if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
            parameters.errors.add(new FieldError("?to", "must be after ?from"));
        }
        if (!parameters.errors.isEmpty()) {
            throw new InvalidRequestException(parameters.errors);
        }
        return query;
    }

    /** The problem with a {@code ?rerun} flag that is neither {@code true} nor {@code false}. */
    static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new InvalidRequestException(List.of(new FieldError("?" + name, "must be true or false")));
    }

    private String text(String name, String value) {
        if (value != null && value.isBlank()) {
            errors.add(new FieldError("?" + name, "must not be blank"));
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** An instant ({@code 2026-11-27T10:00:00Z}) or a day ({@code 2026-11-27}: its start, in UTC). */
    private Instant time(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(value);
        } catch (DateTimeException e) {
            errors.add(new FieldError("?" + name, "must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ)"));
            return null;
        }
    }

    private int limit(String value) {
        if (value == null) {
            return DecisionQuery.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= DecisionQuery.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        errors.add(new FieldError("?limit", "must be a whole number from 1 to " + DecisionQuery.MAX_LIMIT));
        return DecisionQuery.DEFAULT_LIMIT;
    }

    private Long cursor(String value) {
        if (value == null) {
            return null;
        }
        try {
            long cursor = Long.parseLong(value);
            if (cursor > 0) {
                return cursor;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        errors.add(new FieldError("?cursor", "must be the nextCursor of a previous page"));
        return null;
    }
}
