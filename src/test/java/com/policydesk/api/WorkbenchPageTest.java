package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/** What the workbench page is served with (caching, security headers), and the scenario endpoints it reads. */
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
    void thePageAndEveryFileOfItCarryTheSecurityHeadersRedirectsAndRevalidationsToo() {
        String etag = given().get("/workbench/workbench.js").then().extract().header("ETag");
        List<ValidatableResponse> answers = List.of(
                given().get("/workbench/").then().statusCode(200),
                given().redirects().follow(false).get("/workbench").then().statusCode(302),
                given().get("/workbench/workbench.js").then().statusCode(200),
                given().header("If-None-Match", etag).get("/workbench/workbench.js").then().statusCode(304),
                given().get("/workbench/vendor/dmn-editor.js").then().statusCode(200));

        for (ValidatableResponse answer : answers) {
            answer.header("Content-Security-Policy", WorkbenchHeaders.PAGE_POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer");
        }
        assertThat(directives(WorkbenchHeaders.PAGE_POLICY)).containsEntry("script-src", "'self'")
                .containsEntry("default-src", "'none'").containsEntry("frame-ancestors", "'none'");
    }

    @Test
    void theEditorsFrameMayBeFramedByThePageOnlyAndStillRunsScriptsOnlyFromTheService() {
        String policy = given().get("/workbench/editor-frame.html").then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .extract().header("Content-Security-Policy");

        assertThat(directives(policy)).containsEntry("script-src", "'self'").containsEntry("frame-ancestors", "'self'")
                .containsEntry("default-src", "'none'");
    }

    @Test
    void scenarioResultsRunAgainstAVersionTheServiceHoldsOrAnswer404() {
        String active = given().get("/api/v1/ruleset").then().extract().path("version");

        given().queryParam("version", active).get("/api/v1/scenarios/results").then().statusCode(200)
                .body("ruleset", equalTo(active))
                .body("scenarios.find { it.id == 'live-third-party-license-must-wait' }.passed", equalTo(true));
        given().queryParam("version", "multichannel@000000000000").get("/api/v1/scenarios/results").then()
                .statusCode(404).contentType("application/problem+json").body("code", equalTo("not_found"));
    }

    /** A policy's directives by name: {@code script-src} to {@code 'self'}. */
    private static Map<String, String> directives(String policy) {
        Map<String, String> directives = new LinkedHashMap<>();
        for (String directive : policy.split(";")) {
            String[] parts = directive.strip().split(" ", 2);
            directives.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return directives;
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
