package com.policydesk.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.policydesk.log.DecisionRecordJson;
import com.policydesk.log.Redaction;
import com.policydesk.log.StoredDecision;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * The service with its cluster on a real broker: bulk requests answered on the answers topic as the REST endpoint
 * answers them, every decision logged to the decisions topic, look-ups refused, impact replayed from the topic.
 */
@QuarkusTest
@TestProfile(KafkaClusterProfile.class)
class BulkDecisionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = "Bearer " + KafkaClusterProfile.TOKEN;
    private static final int VALID = 40;

    @Test
    void everyBulkRequestIsAnsweredOnceWithItsCorrelationIdAndABadOneWithItsProblem() throws Exception {
        String run = UUID.randomUUID().toString();
        List<BulkClient.Request> requests = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            requests.add(new BulkClient.Request("C-" + i, run + "-" + i, contractExampleFor("C-" + i)));
        }
        byte[] badBody = """
                { "partner": { "id": "P-1", "role": "NOBODY" }, "customer": { "id": "C-BAD" } }
                """.getBytes(StandardCharsets.UTF_8);
        requests.add(new BulkClient.Request("C-BAD", run + "-bad", badBody));
        BulkClient client = new BulkClient(KafkaBrokerResource.broker().clients("bulk-test"));
        Set<String> correlationIds = requests.stream().map(BulkClient.Request::correlationId).collect(Collectors.toSet());

        client.send(KafkaBrokerResource.REQUESTS, requests);
        List<BulkClient.Answer> answers = client.answers(KafkaBrokerResource.ANSWERS, correlationIds, Duration.ofSeconds(60))
                .stream().filter(answer -> answer.correlationId() != null && answer.correlationId().startsWith(run)).toList();

        assertThat(answers).extracting(BulkClient.Answer::correlationId).containsExactlyInAnyOrderElementsOf(correlationIds);
        Map<String, BulkClient.Answer> byCorrelation = answers.stream()
                .collect(Collectors.toMap(BulkClient.Answer::correlationId, Function.identity()));
        BulkClient.Answer bad = byCorrelation.get(run + "-bad");
        JsonNode problem = JSON.readTree(bad.body());
        assertThat(bad.contentType()).isEqualTo("application/problem+json");
        assertThat(bad.key()).isEqualTo("C-BAD");
        assertThat(bad.decisionId()).isNull();
        assertThat(problem.get("code").asText()).isEqualTo("invalid_request");
        assertThat(problem.get("errors").findValuesAsText("path")).contains("partner.role");
        assertThat(problem).isEqualTo(JSON.readTree(given().contentType(ContentType.JSON).body(badBody)
                .post("/api/v1/recommendations").then().statusCode(400).extract().asString()));

        JsonNode restAnswer = JSON.readTree(given().contentType(ContentType.JSON).body(contractExampleFor("C-7"))
                .post("/api/v1/recommendations").then().statusCode(200).extract().asString());
        BulkClient.Answer seventh = byCorrelation.get(run + "-7");
        JsonNode decided = JSON.readTree(seventh.body());
        assertThat(seventh.contentType()).isEqualTo("application/json");
        assertThat(seventh.key()).isEqualTo("C-7");
        assertThat(seventh.decisionId()).isEqualTo(decided.get("decisionId").asText());
        assertThat(decided.get("recommendations")).isEqualTo(restAnswer.get("recommendations"));
        assertThat(decided.get("ruleset")).isEqualTo(restAnswer.get("ruleset"));

        Map<String, StoredDecision> logged = loggedDecisions();
        for (BulkClient.Answer answer : answers) {
            if (answer.decisionId() != null) {
                assertThat(logged).as("decision " + answer.decisionId() + " in the decisions topic").containsKey(answer.decisionId());
                assertThat(logged.get(answer.decisionId()).customerId()).isEqualTo(answer.key());
            }
        }
    }

    @Test
    void lookUpsAnswer501WhileTheLogIsOnKafka() {
        given().header("Authorization", AUTH).get("/api/v1/decisions").then().statusCode(501)
                .contentType("application/problem+json")
                .body("code", equalTo("decision_log_on_kafka"));
        given().header("Authorization", AUTH).get("/api/v1/decisions/" + UUID.randomUUID()).then().statusCode(501)
                .body("code", equalTo("decision_log_on_kafka"));
    }

    @Test
    void anImpactReplaysTheNewestDecisionsOfTheTopic() throws Exception {
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(contractExampleFor("C-IMPACT-" + i)).post("/api/v1/recommendations")
                    .then().statusCode(200);
        }
        String active = given().get("/api/v1/ruleset").then().extract().path("version");

        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("version", active, "limit", 1000)).post("/api/v1/admin/ruleset/impact").then().statusCode(200)
                .body("replayed", greaterThanOrEqualTo(5))
                .body("changed", equalTo(0))
                .body("skipped", equalTo(0));
    }

    /** Every decision in the decisions topic, by id. */
    private static Map<String, StoredDecision> loggedDecisions() {
        Properties properties = KafkaBrokerResource.broker().clients("bulk-test").consumerProperties("log-reader", null);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        DecisionTopicReader reader = new DecisionTopicReader(
                () -> new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer()),
                KafkaBrokerResource.DECISIONS, new DecisionRecordJson(Redaction.NONE), Duration.ofSeconds(30));
        return reader.latest(100_000).stream()
                .collect(Collectors.toMap(StoredDecision::decisionId, Function.identity(), (a, b) -> a));
    }

    static byte[] contractExampleFor(String customerId) throws IOException {
        try (InputStream in = BulkDecisionsTest.class.getResourceAsStream("/requests/contract-example.json")) {
            ObjectNode request = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) request.get("customer")).put("id", customerId);
            return JSON.writeValueAsBytes(request);
        }
    }
}
