package com.policydesk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.service.ImpactService;

import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/admin/ruleset/impact}: {@code {"version": "…", "limit": 10000}} or
 * {@code "limit": "all"}, checked with every problem and its path, as a decision request is.
 *
 * @param version a pending, kept or logged version
 * @param limit   how many of the newest logged requests to replay (ignored with {@code all})
 * @param all     every logged decision of the retention window, streamed, in the background
 */
record ImpactRequest(String version, int limit, boolean all) {
    private static final Set<String> FIELDS = Set.of("version", "limit");
    private static final String ALL = "all";

    /** @throws InvalidRequestException with every problem */
    static ImpactRequest read(byte[] body) {
        JsonNode root = JsonBodies.object(body);
        List<FieldError> errors = JsonBodies.unknownFields(root, FIELDS);
        JsonNode version = root.get("version");
        if (version == null || version.isNull()) {
            errors.add(new FieldError("version", "is required"));
        } else if (!version.isTextual() || version.asText().isBlank()) {
            errors.add(new FieldError("version", "must be a version, as multichannel@9d15efa765ed"));
        }
        JsonNode limit = root.get("limit");
        boolean all = limit != null && limit.isTextual() && limit.textValue().equals(ALL);
        boolean limitGiven = limit != null && !limit.isNull() && !all;
        if (limitGiven && !(limit.canConvertToInt() && limit.isIntegralNumber()
                && limit.asInt() >= 1 && limit.asInt() <= ImpactService.MAX_LIMIT)) {
            errors.add(new FieldError("limit", "must be a whole number from 1 to " + ImpactService.MAX_LIMIT + ", or \"all\""));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new ImpactRequest(version.asText(), limitGiven ? limit.asInt() : ImpactService.DEFAULT_LIMIT, all);
    }
}
