package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

/** When the decision log's queue is full and the policy is shed (the default), requests are refused, never answered unlogged. */
@QuarkusTest
@TestProfile(SheddingProfile.class)
class SheddingTest {
    @Test
    void aFullLogAnswers503OverloadedWithRetryAfter() {
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(given().contentType(ContentType.JSON).body(RecommendationsResourceTest.resource("contract-example.json"))
                    .post(RecommendationsResourceTest.RECOMMENDATIONS));
        }

        Response refused = responses.stream().filter(response -> response.statusCode() == 503).findFirst().orElseThrow();
        refused.then().contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("code", equalTo("overloaded"))
                .body("status", equalTo(503));
        assertThat(responses).extracting(Response::statusCode).isSubsetOf(200, 503);
        given().get("/q/metrics").then().body(org.hamcrest.Matchers.containsString("policydesk_decision_log_refused_total"));
    }

    @Test
    void aFullLogRefusesEachBatchItemWithItsOwnProblem() {
        String item = RecommendationsResourceTest.resource("contract-example.json");
        given().contentType(ContentType.JSON).body("{\"requests\": [" + item + "," + item + "," + item + "]}")
                .post(RecommendationsResourceTest.RECOMMENDATIONS + "/batch").then().statusCode(200)
                .body("results.code", hasItem("overloaded"));
    }
}
