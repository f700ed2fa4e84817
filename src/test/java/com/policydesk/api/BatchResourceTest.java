package com.policydesk.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** The batch endpoint: one result per item, in order; a bad item gets its own problem; only a bad envelope fails the call. */
@QuarkusTest
class BatchResourceTest {
    private static final String BATCH = "/api/v1/recommendations/batch";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answersEachItemInOrderWithABadItemRefusedOnItsOwn() throws IOException {
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode requests = envelope.putArray("requests");
        ObjectNode example = (ObjectNode) JSON.readTree(RecommendationsResourceTest.resource("contract-example.json"));
        requests.add(example);
        ObjectNode bad = example.deepCopy();
        ((ObjectNode) bad.get("partner")).put("role", "BOSS");
        requests.add(bad);
        requests.add(example);

        given().contentType(ContentType.JSON).body(envelope.toString())
                .when().post(BATCH)
                .then().statusCode(200)
                .body("results", hasSize(3))
                .body("results[0].decisionId", notNullValue())
                .body("results[0].recommendations[0].code", equalTo("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL"))
                .body("results[1].status", equalTo(400))
                .body("results[1].code", equalTo("invalid_request"))
                .body("results[1].errors.path", hasItem("partner.role"))
                .body("results[2].decisionId", notNullValue());
    }

    @Test
    void refusesABadEnvelopeAsAWhole() {
        given().contentType(ContentType.JSON).body("""
                {"requests": {"not": "a list"}}
                """)
                .when().post(BATCH)
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("invalid_request"))
                .body("errors.path", hasItem("requests"));
    }

    @Test
    void refusesMoreThanAThousandItems() {
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode requests = envelope.putArray("requests");
        for (int i = 0; i < 1_001; i++) {
            requests.addObject();
        }
        given().contentType(ContentType.JSON).body(envelope.toString())
                .when().post(BATCH)
                .then().statusCode(400).body("errors.path", hasItem("requests"));
    }

    @Test
    void refusesANonJsonContentTypeWith415() {
        given().contentType(ContentType.XML).body("<requests/>")
                .when().post(BATCH)
                .then().statusCode(415).body("code", equalTo("unsupported_media_type"));
    }
}
