package com.policydesk.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * What one replica reports to the status topic (keyed by its id), periodically and on every change:
 * {@code {"replica", "version", "state", "problem", "at"}}. {@code state} is {@code active} (it runs the newest
 * publication it read, or nothing was published) or {@code failed} (it could not install the newest publication:
 * {@code problem} names the version and why; {@code version} is the one it still runs).
 */
public record ReplicaStatus(String replica, String version, State state, String problem, Instant at) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum State {
        ACTIVE, FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ReplicaStatus {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }

    public ReplicaStatus at(Instant when) {
        return new ReplicaStatus(replica, version, state, problem, when);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("replica", replica);
        root.put("version", version);
        root.put("state", state.wire());
        root.put("problem", problem);
        root.put("at", at.toString());
        return root.toString();
    }

    /** @throws IllegalArgumentException when the value is no status */
    public static ReplicaStatus fromJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject() || !root.path("replica").isTextual()) {
                throw new IllegalArgumentException("not a replica status");
            }
            State state = State.valueOf(root.path("state").asText("").toUpperCase(Locale.ROOT));
            return new ReplicaStatus(root.get("replica").asText(), text(root, "version"), state, text(root, "problem"),
                    Instant.parse(root.path("at").asText("")));
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a replica status: " + e.getMessage());
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
