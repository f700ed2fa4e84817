package com.policydesk.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.policydesk.model.DecisionRequest;
import com.policydesk.model.Recommendation;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * The log's JSON, compact: the request with the API's field names (so that {@code RequestReader} reads it back),
 * nulls and empty lists left out (both mean absent to the reader); recommendations without their message, which
 * names the customer, and without the rule's name: both are rebuilt from a re-run when a decision is looked up.
 */
final class DecisionJson {
    private static final TypeReference<List<StoredRecommendation>> RECOMMENDATIONS = new TypeReference<>() {
    };

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .addMixIn(Recommendation.class, WithoutWords.class)
            // a log written by an older version may keep fields this one no longer does
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** UTF-8 bytes, not a String: the writer binds them as they are, with no char-to-byte pass in between. */
    byte[] request(DecisionRequest request, Redaction redaction) {
        try {
            if (redaction.isNone()) {
                return mapper.writeValueAsBytes(request);
            }
            ObjectNode tree = mapper.valueToTree(request);
            return mapper.writeValueAsBytes(redaction.apply(tree));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] recommendations(List<Recommendation> recommendations) {
        try {
            return mapper.writeValueAsBytes(recommendations);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<StoredRecommendation> readRecommendations(String json) {
        try {
            return mapper.readValue(json, RECOMMENDATIONS);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @JsonIgnoreProperties({"message", "rule"})
    private abstract static class WithoutWords {
    }
}
