package com.policydesk.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The small JSON bodies of the admin API: one object, its fields checked by name, every problem with its path. */
final class JsonBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonBodies() {
    }

    /** @throws InvalidRequestException when the body is not JSON, or not an object */
    static JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid("body is not valid JSON");
        } catch (IOException e) {
            throw invalid("body cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw invalid("must be a JSON object");
        }
        return root;
    }

    /** An error for each field of the object that is not one of these. */
    static List<FieldError> unknownFields(JsonNode root, Set<String> fields) {
        List<FieldError> errors = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!fields.contains(name)) {
                errors.add(new FieldError(name, "unknown field '" + name + "'"));
            }
        });
        return errors;
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(List.of(new FieldError("", message)));
    }
}
