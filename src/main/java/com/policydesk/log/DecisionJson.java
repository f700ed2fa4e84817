package com.policydesk.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The log's JSON where Jackson writes it: a request as validated, with the API's field names (so that
 * {@code RequestReader} reads it back), nulls and empty lists left out (both mean absent to the reader); a
 * request's redaction; and recommendations as the Kafka record and older log files hold them, without the words
 * (the message names the customer; both it and the rule's name are rebuilt from a re-run). Thread-safe.
 */
public final class DecisionJson {
    private static final TypeReference<List<StoredRecommendation>> RECOMMENDATIONS = new TypeReference<>() {
    };
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .addMixIn(Recommendation.class, WithoutWords.class)
            // a log written by an older version may keep fields this one no longer does
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DecisionJson() {
    }

    /** The request as validated, as UTF-8 JSON: for a decision whose body is not at hand (a batch's item). */
    public static byte[] request(DecisionRequest request) {
        try {
            return MAPPER.writeValueAsBytes(request);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request's JSON with the redacted fields hashed or removed. */
    static byte[] redacted(byte[] request, Redaction redaction) {
        try {
            return MAPPER.writeValueAsBytes(redaction.apply((ObjectNode) MAPPER.readTree(request)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] recommendations(List<Recommendation> recommendations) {
        try {
            return MAPPER.writeValueAsBytes(recommendations);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<StoredRecommendation> readRecommendations(String json) {
        try {
            return MAPPER.readValue(json, RECOMMENDATIONS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @JsonIgnoreProperties({"message", "rule"})
    private abstract static class WithoutWords {
    }
}
