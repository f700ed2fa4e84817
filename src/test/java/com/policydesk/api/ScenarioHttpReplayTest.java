package com.policydesk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.policydesk.engine.DecisionEngine;
import com.policydesk.engine.RuleSet;
import com.policydesk.engine.RuleSetLoader;
import com.policydesk.error.FieldError;
import com.policydesk.error.InvalidRequestException;
import com.policydesk.request.RequestReader;
import com.policydesk.scenario.Scenario;
import com.policydesk.scenario.ScenarioSuite;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few scenario files replayed over HTTP: the service answers each exactly as the engine does on the direct
 * path the suites use (same recommendations, same messages; same error paths for a refused request).
 */
@QuarkusTest
class ScenarioHttpReplayTest {
    private static final String REPLAYED = "multichannel/{third-party-licenses,resale,azure-switch-partner,invalid-requests}.yaml";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TestFactory
    Stream<DynamicTest> everyReplayedScenarioGetsTheSameAnswerOverHttpAsFromTheEngine() {
        RuleSet ruleSet = new RuleSetLoader().loadFolder(Path.of("rules"));
        RequestReader reader = new RequestReader();
        DecisionEngine engine = new DecisionEngine();
        List<ScenarioSuite.Loaded> files = ScenarioSuite.load(Path.of("test-scenarios"), REPLAYED);
        assertThat(files).as("the replayed files exist").hasSizeGreaterThanOrEqualTo(3);
        return files.stream().flatMap(file -> file.file().scenarios().stream())
                .map(scenario -> DynamicTest.dynamicTest(scenario.displayName(),
                        () -> replay(scenario, ruleSet, reader, engine)));
    }

    private static void replay(Scenario scenario, RuleSet ruleSet, RequestReader reader, DecisionEngine engine)
            throws IOException {
        Response http = given().contentType(ContentType.JSON).body(scenario.body())
                .post(RecommendationsResourceTest.RECOMMENDATIONS);
        JsonNode answer = JSON.readTree(http.asByteArray());
        try {
            // Through text, as the wire does: a long 128 and an int 128 are then the same number.
            JsonNode direct = JSON.readTree(JSON.writeValueAsBytes(
                    engine.evaluate(ruleSet, reader.read(scenario.body())).recommendations()));
            assertThat(http.statusCode()).isEqualTo(200);
            assertThat(answer.get("recommendations")).isEqualTo(direct);
        } catch (InvalidRequestException refused) {
            assertThat(http.statusCode()).isEqualTo(400);
            assertThat(answer.get("errors")).isEqualTo(JSON.valueToTree(refused.errors()));
            assertThat(refused.errors()).extracting(FieldError::path).isNotEmpty();
        }
    }
}
