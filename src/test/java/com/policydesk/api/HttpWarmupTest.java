package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Once ready, the service warms its HTTP path with requests to its own port; none of them reaches the decision log. */
@QuarkusTest
@TestProfile(HttpWarmupProfile.class)
class HttpWarmupTest {
    private static final String CUSTOMER_PREFIX = "C-HTTP-WARMUP-";

    @Inject
    HttpWarmup warmup;

    @Test
    void theWarmupSendsItsRequestsOverHttpAndNoneIsLogged() {
        awaitFinished();
        assertThat(warmup.sent()).isEqualTo(HttpWarmupProfile.REQUESTS);
        assertThat(warmup.answeredOk()).isPositive();

        // The log commits in order: once this decision is there, any warm-up decision before it would be too.
        String decisionId = decide(CUSTOMER_PREFIX + "after", null).path("decisionId");
        assertThat(DecisionLogResourceTest.awaitLogged(decisionId).statusCode()).isEqualTo(200);

        List<String> customers = given().header("Authorization", "Bearer " + CopiedRulesProfile.TOKEN)
                .get("/api/v1/decisions?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("decisions.customerId");
        assertThat(customers).isNotEmpty().allSatisfy(customer -> assertThat(customer).startsWith(CUSTOMER_PREFIX));
    }

    @Test
    void aRequestWithAnotherTokenIsDecidedAndLoggedAsAnyOther() {
        Response answered = decide(CUSTOMER_PREFIX + "guess", "00000000000000000000000000000000");

        String decisionId = answered.path("decisionId");
        assertThat(decisionId).isNotEqualTo("warm-up");
        assertThat(DecisionLogResourceTest.awaitLogged(decisionId).statusCode()).isEqualTo(200);
    }

    private static Response decide(String customerId, String warmupHeader) {
        String body = RecommendationsResourceTest.resource("contract-example.json").replace("\"C-1\"", "\"" + customerId + "\"");
        var request = given().contentType(ContentType.JSON).body(body);
        if (warmupHeader != null) {
            request.header(HttpWarmup.HEADER, warmupHeader);
        }
        Response response = request.post(RecommendationsResourceTest.RECOMMENDATIONS);
        response.then().statusCode(200);
        return response;
    }

    /** A bounded wait for a busy machine; it ends as soon as the warm-up has. */
    private void awaitFinished() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!warmup.finished() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the HTTP warm-up", e);
            }
        }
        assertThat(warmup.finished()).as("the HTTP warm-up ended within 60 s").isTrue();
    }
}
