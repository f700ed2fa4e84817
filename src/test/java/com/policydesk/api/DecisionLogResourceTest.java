package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** Every decision is logged and can be looked up, listed and re-run; the log's endpoints want the admin token. */
@QuarkusTest
@TestProfile(CopiedRulesProfile.class)
class DecisionLogResourceTest {
    private static final String AUTH = "Bearer " + CopiedRulesProfile.TOKEN;
    private static final String DECISIONS = "/api/v1/decisions";

    @Test
    void aDecisionIsLoggedAndLookedUpWithTheRecommendationsAsAnswered() {
        Instant asked = Instant.now();
        Response answered = decide("C-LOOKUP-" + UUID.randomUUID());
        String decisionId = answered.path("decisionId");

        Response logged = awaitLogged(decisionId);

        logged.then().statusCode(200)
                .body("decisionId", equalTo(decisionId))
                .body("ruleset", equalTo(answered.path("ruleset")))
                .body("request.asOf", equalTo("2026-11-23"))
                .body("request.customer.subscriptions[1].services", equalTo(List.of("Virtual Machines", "Azure Cosmos DB")))
                .body("request.intent.action", equalTo("TAKE_OVER"))
                .body("rerun", nullValue());
        assertThat(logged.jsonPath().getList("recommendations")).isEqualTo(answered.jsonPath().getList("recommendations"));
        // the log keeps milliseconds: a second's leeway before the request
        assertThat(Instant.parse(logged.path("at"))).isBetween(asked.minusSeconds(1), Instant.now());
    }

    @Test
    void aRerunDecidesTheRequestAgainOnItsVersionAndTheActiveOne() {
        String decisionId = decide("C-RERUN").path("decisionId");
        awaitLogged(decisionId);

        given().header("Authorization", AUTH).get(DECISIONS + "/" + decisionId + "?rerun=true").then().statusCode(200)
                .body("rerun.original.recommendations.code", hasItem("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL"))
                .body("rerun.active.ruleset", equalTo(activeVersion()))
                .body("rerun.difference.added", empty())
                .body("rerun.difference.removed", empty());
    }

    @Test
    void decisionsAreListedNewestFirstByCustomerWithACursor() {
        String customer = "C-LIST-" + UUID.randomUUID();
        String first = decide(customer).path("decisionId");
        String second = decide(customer).path("decisionId");
        String third = decide(customer).path("decisionId");
        awaitLogged(third);

        Response page = list("?customerId=" + customer + "&limit=2");
        page.then().statusCode(200).body("decisions.decisionId", equalTo(List.of(third, second)))
                .body("decisions[0].codes", hasItem("AZURE_NO_MIGRATION_PATH"));
        given().header("Authorization", AUTH).get(DECISIONS + "?customerId=" + customer + "&limit=2&cursor=" + page.path("nextCursor"))
                .then().statusCode(200).body("decisions.decisionId", equalTo(List.of(first))).body("nextCursor", nullValue());
        list("?customerId=" + customer + "&code=AZURE_NO_MIGRATION_PATH&from=2020-01-01").then()
                .body("decisions.size()", equalTo(3));
        list("?customerId=" + customer + "&code=AZURE_SWITCH_PARTNER").then().body("decisions", empty());
    }

    @Test
    void anUnknownDecisionIdIs404() {
        given().header("Authorization", AUTH).get(DECISIONS + "/no-such-decision").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("not_found"));
    }

    @Test
    void badQueryParametersAre400WithEveryNameAtOnce() {
        given().header("Authorization", AUTH).queryParam("limit", "0").queryParam("from", "yesterday")
                .queryParam("cursor", "abc").queryParam("customerId", " ").get(DECISIONS).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("invalid_request"))
                .body("errors.path", containsInAnyOrder("?limit", "?from", "?cursor", "?customerId"));
        list("?from=2026-11-27&to=2026-11-26").then().statusCode(400).body("errors.path", equalTo(List.of("?to")));
        given().header("Authorization", AUTH).get(DECISIONS + "/x?rerun=yes").then().statusCode(400)
                .body("errors[0].path", equalTo("?rerun"));
    }

    @Test
    void theImpactOfTheActiveVersionOnItselfIsNoChange() {
        awaitLogged(decide("C-IMPACT").path("decisionId"));

        impact("{\"version\": \"" + activeVersion() + "\", \"limit\": 50}").then().statusCode(200)
                .body("replayed", greaterThan(0))
                .body("changed", equalTo(0))
                .body("codes", equalTo(java.util.Map.of()))
                .body("examples", empty());
    }

    @Test
    void theWholeLogIsReplayedInTheBackgroundWithItsProgressAndReport() {
        awaitLogged(decide("C-IMPACT-ALL").path("decisionId"));

        impact("{\"version\": \"" + activeVersion() + "\", \"limit\": \"all\"}").then().statusCode(202)
                .header("Location", endsWith("/api/v1/admin/ruleset/impact/status"))
                .body("candidate", equalTo(activeVersion()))
                .body("total", greaterThan(0));
        Response ended = awaitReplayEnded();

        ended.then().statusCode(200)
                .body("state", equalTo("DONE"))
                .body("report.changed", equalTo(0))
                .body("report.skipped", equalTo(0));
        assertThat(ended.jsonPath().getLong("decided")).isEqualTo(ended.jsonPath().getLong("report.replayed"))
                .isGreaterThanOrEqualTo(ended.jsonPath().getLong("total"));
        given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/impact/cancel").then().statusCode(200)
                .body("state", equalTo("DONE"));
    }

    @Test
    void anImpactOfAnUnknownVersionIs404AndABadBodyIs400WithPaths() {
        impact("{\"version\": \"multichannel@000000000000\"}").then().statusCode(404).body("code", equalTo("not_found"));
        impact("{\"limit\": 0, \"versoin\": \"x\"}").then().statusCode(400)
                .body("errors.path", containsInAnyOrder("version", "limit", "versoin"));
        impact("[1]").then().statusCode(400).body("errors[0].path", equalTo(""));
    }

    @Test
    void everyLogEndpointWantsTheAdminToken() {
        given().get(DECISIONS + "/any").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get(DECISIONS).then().statusCode(401);
        given().header("Authorization", "Bearer wrong").get(DECISIONS + "?limit=1").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"version\": \"x\"}").post("/api/v1/admin/ruleset/impact")
                .then().statusCode(401);
        given().get("/api/v1/admin/ruleset/impact/status").then().statusCode(401);
        given().post("/api/v1/admin/ruleset/impact/cancel").then().statusCode(401);
    }

    private static Response decide(String customerId) {
        String body = RecommendationsResourceTest.resource("contract-example.json").replace("\"C-1\"", "\"" + customerId + "\"");
        Response response = given().contentType(ContentType.JSON).body(body).post(RecommendationsResourceTest.RECOMMENDATIONS);
        response.then().statusCode(200);
        return response;
    }

    private static Response list(String query) {
        return given().header("Authorization", AUTH).get(DECISIONS + query);
    }

    private static Response impact(String body) {
        return given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body).post("/api/v1/admin/ruleset/impact");
    }

    private static String activeVersion() {
        return given().get("/api/v1/ruleset").then().statusCode(200).extract().path("version");
    }

    /**
     * A decision is committed within one commit window (100 ms) when the writer runs on time; the bound allows for a
     * busy machine, and the wait ends as soon as the decision is there.
     */
    static Response awaitLogged(String decisionId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Response response = given().header("Authorization", AUTH).get(DECISIONS + "/" + decisionId);
        while (response.statusCode() == 404 && Instant.now().isBefore(deadline)) {
            sleep();
            response = given().header("Authorization", AUTH).get(DECISIONS + "/" + decisionId);
        }
        return response;
    }

    /** Polls the whole log's replay until it has ended; a bounded wait for a busy machine. */
    private static Response awaitReplayEnded() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Response status = given().header("Authorization", AUTH).get("/api/v1/admin/ruleset/impact/status");
        while ("RUNNING".equals(status.path("state")) && Instant.now().isBefore(deadline)) {
            sleep();
            status = given().header("Authorization", AUTH).get("/api/v1/admin/ruleset/impact/status");
        }
        return status;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
