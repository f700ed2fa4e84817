package com.policydesk.request;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A body that is JSON: its tree, where each duplicated key kept its first value, and the duplicates, in document
 * order, still to be reported where they belong (the request, or one item of a batch).
 */
record ParsedBody(JsonNode root, List<DuplicateKey> duplicates) {
    ParsedBody {
        duplicates = List.copyOf(duplicates);
    }
}
