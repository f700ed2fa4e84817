package com.policydesk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.scenario.SuiteFiles;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/admin/decisions/{decisionId}/scenario}, every field optional (no body at all is
 * the same as {@code {}}): {@code {"id": "…", "description": "…", "suite": "kept-decisions"}}, checked with every
 * problem and its path.
 *
 * @param id          the scenario's id, kebab-case; null for {@code decision-<decisionId>}
 * @param description null for one naming the decision and its version
 * @param suite       the suite file to add it to, {@code kept-decisions} or {@code multichannel/kept-decisions}; null
 *                    to write nothing
 */
record KeepScenarioRequest(String id, String description, String suite) {
    private static final Set<String> FIELDS = Set.of("id", "description", "suite");
    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** @throws InvalidRequestException with every problem */
    static KeepScenarioRequest read(byte[] body) {
        if (body.length == 0) {
            return new KeepScenarioRequest(null, null, null);
        }
        JsonNode root = JsonBodies.object(body);
        List<FieldError> errors = JsonBodies.unknownFields(root, FIELDS);
        String id = text(root, "id", errors, "must be a scenario id in kebab-case, as customer-c-1-blocked");
        if (id != null && !KEBAB_CASE.matcher(id).matches()) {
            errors.add(new FieldError("id", "must be a scenario id in kebab-case, as customer-c-1-blocked"));
        }
        String description = text(root, "description", errors, "must be a non-blank text");
        String suite = text(root, "suite", errors, "must be a suite name, as kept-decisions or multichannel/kept-decisions");
        if (suite != null && !SuiteFiles.SUITE.matcher(suite).matches()) {
            errors.add(new FieldError("suite", "must be a suite name, as kept-decisions or multichannel/kept-decisions"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new KeepScenarioRequest(id, description, suite);
    }

    /** The field's text; null when absent or null; an error when it is not a non-blank text. */
    private static String text(JsonNode root, String name, List<FieldError> errors, String message) {
        JsonNode value = root.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            errors.add(new FieldError(name, message));
            return null;
        }
        return value.textValue();
    }
}
