package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** A logged decision kept as a scenario: answered as YAML, added to a suite, and the suite then passes with it. */
@QuarkusTest
@TestProfile(CopiedRulesProfile.class)
class KeepAsScenarioTest {
    private static final String AUTH = "Bearer " + CopiedRulesProfile.TOKEN;
    private static final String SUITE = "multichannel/kept-decisions.yaml";

    @AfterEach
    void removeTheKeptSuite() throws IOException {
        // The profile's service is shared with tests that change the rules: a kept exact scenario would fail their gate.
        Files.deleteIfExists(scenariosFolder().resolve(SUITE));
    }

    @Test
    void aKeptDecisionIsAddedToASuiteAndTheSuitePassesWithIt() {
        String decisionId = decide("C-KEEP-" + UUID.randomUUID());

        keep(decisionId, """
                {"suite": "kept-decisions", "id": "disputed-blocker"}
                """).then().statusCode(201)
                .body("id", equalTo("disputed-blocker"))
                .body("decisionId", equalTo(decisionId))
                .body("suite", equalTo(SUITE))
                .body("yaml", containsString("exactly: true"))
                .body("yaml", containsString("code: LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL"));
        keep(decisionId, """
                {"suite": "multichannel/kept-decisions", "id": "the-same-again"}
                """).then().statusCode(201);

        Response results = given().get("/api/v1/scenarios/results");
        results.then().statusCode(200);
        List<Map<String, Object>> kept = results.jsonPath().getList("scenarios.findAll { it.file == '" + SUITE + "' }");
        assertThat(kept).extracting(scenario -> scenario.get("id")).containsExactly("disputed-blocker", "the-same-again");
        assertThat(kept).allSatisfy(scenario -> assertThat(scenario.get("passed")).isEqualTo(true));
        assertThat(kept.get(0).get("description").toString()).contains(decisionId).contains(activeVersion());
    }

    @Test
    void anIdTheSuiteHasIs409AndTheFileIsLeftAsItWas() throws IOException {
        String decisionId = decide("C-KEEP-TWICE");
        keep(decisionId, "{\"suite\": \"kept-decisions\"}").then().statusCode(201)
                .body("id", equalTo("decision-" + decisionId));
        String before = Files.readString(scenariosFolder().resolve(SUITE));

        keep(decisionId, "{\"suite\": \"kept-decisions\"}").then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("scenario_exists"))
                .body("detail", containsString("'decision-" + decisionId + "'"));

        assertThat(scenariosFolder().resolve(SUITE)).hasContent(before);
    }

    @Test
    void withoutASuiteTheScenarioIsOnlyAnsweredAsJsonOrAsYaml() {
        String decisionId = decide("C-KEEP-ANSWER");

        given().header("Authorization", AUTH).post(scenarioOf(decisionId)).then().statusCode(200)
                .body("suite", nullValue())
                .body("ruleset", equalTo(activeVersion()))
                .body("yaml", startsWith("description: Decisions kept from the decision log\npolicies: []\nscenarios:\n  - id: decision-"));
        given().header("Authorization", AUTH).accept("application/yaml").post(scenarioOf(decisionId)).then().statusCode(200)
                .contentType("application/yaml")
                .body(containsString("asOf: 2026-11-23"), containsString("subscriptionId: S-1"));

        assertThat(scenariosFolder().resolve(SUITE)).doesNotExist();
    }

    @Test
    void anUnknownDecisionIs404ABadBodyIs400WithEveryPathAndTheTokenIsRequired() {
        keep("no-such-decision", "{}").then().statusCode(404).body("code", equalTo("not_found"));
        keep("any", """
                {"id": "Not Kebab", "suite": "../escape", "descripton": "x"}
                """).then().statusCode(400).body("code", equalTo("invalid_request"))
                .body("errors.path", containsInAnyOrder("id", "suite", "descripton"));
        given().contentType(ContentType.JSON).body("{}").post(scenarioOf("any")).then().statusCode(401);
    }

    /** The running service's suites: its profile's temporary folder, as the service was configured with it. */
    private static Path scenariosFolder() {
        return Path.of(ConfigProvider.getConfig().getValue("policydesk.scenarios.dir", String.class));
    }

    private static Response keep(String decisionId, String body) {
        return given().header("Authorization", AUTH).contentType(ContentType.JSON).body(body).post(scenarioOf(decisionId));
    }

    private static String scenarioOf(String decisionId) {
        return "/api/v1/admin/decisions/" + decisionId + "/scenario";
    }

    /** Decides the contract's example for a customer and waits until the log has it. */
    private static String decide(String customerId) {
        String body = RecommendationsResourceTest.resource("contract-example.json").replace("\"C-1\"", "\"" + customerId + "\"");
        String decisionId = given().contentType(ContentType.JSON).body(body).post(RecommendationsResourceTest.RECOMMENDATIONS)
                .then().statusCode(200).extract().path("decisionId");
        DecisionLogResourceTest.awaitLogged(decisionId).then().statusCode(200);
        return decisionId;
    }

    private static String activeVersion() {
        return given().get("/api/v1/ruleset").then().statusCode(200).extract().path("version");
    }
}
