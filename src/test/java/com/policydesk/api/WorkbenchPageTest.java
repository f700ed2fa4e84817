package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/** What the workbench page is served with, and the scenario endpoints it reads. */
@QuarkusTest
@TestProfile(CopiedRulesProfile.class)
class WorkbenchPageTest {
    @Test
    void workbenchRedirectsToThePage() {
        given().redirects().follow(false).get("/workbench").then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.endsWith("/workbench/"));
        given().get("/workbench/").then().statusCode(200).body(containsString("<title>PolicyDesk workbench</title>"));
    }

    @Test
    void staticFilesCarryAnETagAndAreRevalidatedWithA304() {
        String etag = given().get("/workbench/vendor/dmn-envelope.js").then().statusCode(200)
                .header("Cache-Control", "no-cache").header("ETag", matchesPattern("\"[0-9a-f]{32}\""))
                .extract().header("ETag");

        given().header("If-None-Match", etag).get("/workbench/vendor/dmn-envelope.js").then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get("/workbench/workbench.js").then().statusCode(200)
                .header("ETag", matchesPattern("\"[0-9a-f]{32}\""));
    }

    @Test
    void scenariosListTheSuitesWithTheirRequests() {
        given().get("/api/v1/scenarios").then().statusCode(200)
                .body("find { it.file == 'multichannel/gate.yaml' }.scenarios[0].id", equalTo("live-third-party-license-must-wait"))
                .body("find { it.file == 'multichannel/gate.yaml' }.scenarios[0].request.customer.subscriptions[0].id", equalTo("S-1"));
    }

    @Test
    void scenarioResultsRunTheSuitesAgainstTheActiveRulesWithCoverage() {
        given().get("/api/v1/scenarios/results").then().statusCode(200)
                .body("ruleset", startsWith("multichannel@"))
                .body("scenarios.find { it.id == 'live-third-party-license-must-wait' }.passed", equalTo(true))
                .body("coverage.gaps", hasItem(containsString("is fired by no scenario")));
    }
}
