package com.policydesk.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * One scenario: a request body and what must, or must not, come back.
 *
 * @param file        the file, relative to the scenarios folder
 * @param line        the line the scenario starts on
 * @param id          unique within its file
 * @param description what it shows
 * @param body        the request body, as the CRM would send it
 * @param exactly     whether nothing but {@code expect} may fire
 * @param expect      recommendations that must be present
 * @param expectNot   recommendations that must not be present
 * @param expectError the error the request must be refused with, or null
 */
public record Scenario(
        String file,
        int line,
        String id,
        String description,
        byte[] body,
        boolean exactly,
        List<Expected> expect,
        List<Unexpected> expectNot,
        ExpectedError expectError) {

    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(body, "body");
        expect = List.copyOf(expect);
        expectNot = List.copyOf(expectNot);
    }

    /** {@code file › id description}: how a test runner names it. */
    public String displayName() {
        return file + " › " + id + " " + description;
    }

    /**
     * A recommendation that must be present. An absent {@code subscriptionId} matches any; {@code null} matches
     * only a recommendation about the customer or partner as a whole.
     *
     * @param code              the code
     * @param subscriptionId    the subscription, when {@code hasSubscriptionId}
     * @param hasSubscriptionId whether the subscription was stated (null included)
     * @param kind              the kind, or null for any
     * @param details           a subset of the details that must match, or null
     */
    public record Expected(String code, String subscriptionId, boolean hasSubscriptionId, String kind, JsonNode details) {
    }

    /**
     * A code that must not fire: for one subscription, or when {@code subscriptionId} is absent, for none.
     */
    public record Unexpected(String code, String subscriptionId, boolean hasSubscriptionId) {
    }

    /** The error a request must be refused with: its code, and paths that must be among those reported. */
    public record ExpectedError(String code, List<String> paths) {
        public ExpectedError {
            paths = List.copyOf(paths);
        }
    }
}
