package com.policydesk.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Every class of bad input gets a 4xx problem+json with a stable code and the path of each error. */
@QuarkusTest
class BadInputTest {
    static final String RECOMMENDATIONS = RecommendationsResourceTest.RECOMMENDATIONS;
    static final String PROBLEM = "application/problem+json";

    record BadBody(String name, String body, String path) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<BadBody> badBodies() {
        String valid = RecommendationsResourceTest.resource("contract-example.json");
        return Stream.of(
                new BadBody("not JSON", "{ this is not json", ""),
                new BadBody("empty body", "", ""),
                new BadBody("a JSON array", "[1, 2]", ""),
                new BadBody("a JSON string", "\"hello\"", ""),
                new BadBody("missing required field", valid.replace("\"id\": \"C-1\",", ""), "customer.id"),
                new BadBody("null required field", valid.replace("\"role\": \"INDIRECT_RESELLER\"", "\"role\": null"), "partner.role"),
                new BadBody("blank required string", valid.replace("\"id\": \"P-200\"", "\"id\": \"  \""), "partner.id"),
                new BadBody("number where a string belongs", valid.replace("\"id\": \"P-200\"", "\"id\": 200"), "partner.id"),
                new BadBody("string where a boolean belongs", """
                        {"asOf": "2026-11-23", "partner": {"id": "P-1", "role": "DIRECT_PARTNER"}, "customer": {"id": "C-1"},
                         "intent": {"action": "RESELL_TO_PARTNER", "targetPartnerId": "P-9", "targetInCsp": "true"}}
                        """, "intent.targetInCsp"),
                new BadBody("unknown field", valid.replace("\"channel\": \"EA\"", "\"channel\": \"EA\", \"chanel\": \"EA\""),
                        "customer.subscriptions[1].chanel"),
                new BadBody("unknown enum value", valid.replace("\"channel\": \"EA\"", "\"channel\": \"RESELLER\""),
                        "customer.subscriptions[1].channel"),
                new BadBody("malformed date", valid.replace("\"2026-11-23\"", "\"23/11/2026\""), "asOf"),
                new BadBody("impossible date", valid.replace("\"2027-03-31\"", "\"2027-02-30\""), "customer.subscriptions[0].endDate"),
                new BadBody("duplicate subscription id", valid.replace("\"id\": \"S-2\"", "\"id\": \"S-1\""), "customer.subscriptions[1].id"),
                new BadBody("missing directPartnerId", valid.replace("\"directPartnerId\": \"P-100\"", "\"directPartnerId\": null"),
                        "partner.directPartnerId"),
                new BadBody("missing targetPartnerId", """
                        {"asOf": "2026-11-23", "partner": {"id": "P-1", "role": "DIRECT_PARTNER"}, "customer": {"id": "C-1"},
                         "intent": {"action": "RESELL_TO_PARTNER", "targetInCsp": true}}
                        """, "intent.targetPartnerId"),
                new BadBody("duplicate key", valid.replace("\"id\": \"C-1\",", "\"id\": \"C-1\", \"id\": \"C-2\","), "customer.id"),
                new BadBody("absurd nesting", deeplyNested(5_000), ""),
                new BadBody("more than 1,000 subscriptions", manySubscriptions(1_001), "customer.subscriptions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void isRefusedWith400AndThePathOfTheProblem(BadBody bad) {
        post(bad.body())
                .statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("code", equalTo("invalid_request"))
                .body("title", equalTo("Invalid request"))
                .body("errors.path", hasItem(bad.path()))
                .body(not(containsString("Exception")));
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
        String body = RecommendationsResourceTest.resource("contract-example.json").replace("\"channel\": \"EA\"", "\"channel\": \"ea\"");
        post(body).statusCode(400)
                .body("errors.find { it.path == 'customer.subscriptions[1].channel' }.message",
                        equalTo("must be one of MICROSOFT_DIRECT, ADVISOR, OPEN, EA, THIRD_PARTY, SYNDICATION, CSP"));
    }

    @Test
    void reportsEveryProblemNotOnlyTheFirst() {
        String body = """
                {"asOf": "2026-13-01", "partner": {"id": "P-1", "role": "BOSS"},
                 "customer": {"id": "C-1", "cloud": "MARS", "subscriptions": [{"id": "S-1"}]}}
                """;
        post(body).statusCode(400)
                .body("errors.path", hasItem("asOf"))
                .body("errors.path", hasItem("partner.role"))
                .body("errors.path", hasItem("customer.cloud"))
                .body("errors.path", hasItem("customer.subscriptions[0].billing"))
                .body("errors.path", hasItem("customer.subscriptions[0].channel"))
                .body("errors.path", hasItem("customer.subscriptions[0].status"));
    }

    @Test
    void refusesAContentTypeOtherThanJsonWith415() {
        given().contentType(ContentType.TEXT).body("{}").when().post(RECOMMENDATIONS)
                .then().statusCode(415).contentType(PROBLEM).body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void refusesAMissingContentTypeWith415() {
        given().body("{}".getBytes(StandardCharsets.UTF_8)).when().post(RECOMMENDATIONS)
                .then().statusCode(415).contentType(PROBLEM).body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void acceptsJsonInAnyCaseWithACharset() {
        given().contentType("Application/JSON; charset=UTF-8").body(RecommendationsResourceTest.resource("contract-example.json"))
                .when().post(RECOMMENDATIONS).then().statusCode(200);
    }

    @Test
    void refusesABodyOverOneMebibyteWith413() {
        String body = padded(RecommendationsResourceTest.resource("contract-example.json"), 1024 * 1024 + 1);
        post(body).statusCode(413).contentType(PROBLEM).body("code", equalTo("payload_too_large"));
    }

    @Test
    void acceptsABodyOfExactlyOneMebibyte() {
        String body = padded(RecommendationsResourceTest.resource("contract-example.json"), 1024 * 1024);
        post(body).statusCode(200);
    }

    @Test
    void answersAnUnknownPathWith404Problem() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType(PROBLEM).body("code", equalTo("not_found"));
    }

    @Test
    void answersAWrongMethodWith405Problem() {
        given().when().get(RECOMMENDATIONS)
                .then().statusCode(405).contentType(PROBLEM).body("code", equalTo("method_not_allowed"));
    }

    @Test
    void refusesAnExplainFlagThatIsNeitherTrueNorFalse() {
        given().contentType(ContentType.JSON).queryParam("explain", "yes")
                .body(RecommendationsResourceTest.resource("contract-example.json"))
                .when().post(RECOMMENDATIONS)
                .then().statusCode(400).body("errors.path", hasItem("?explain"));
    }

    @Test
    void aBadExplainFlagIsReportedBesideTheBodysProblems() {
        given().contentType(ContentType.JSON).queryParam("explain", "1").body("{}")
                .when().post(RECOMMENDATIONS)
                .then().statusCode(400)
                .body("errors.path", hasItem("?explain"))
                .body("errors.path", hasItem("partner"))
                .body("errors.path", hasItem("customer"));
    }

    @Test
    void answersNormallyAfterEveryKindOfBadInput() {
        badBodies().forEach(bad -> post(bad.body()).statusCode(400));
        post(padded("{}", 2 * 1024 * 1024)).statusCode(413);
        post(RecommendationsResourceTest.resource("contract-example.json")).statusCode(200);
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON).body(body.getBytes(StandardCharsets.UTF_8))
                .when().post(RECOMMENDATIONS).then();
    }

    /** The JSON, followed by spaces up to exactly {@code bytes} bytes: still one valid document. */
    static String padded(String json, int bytes) {
        return json + " ".repeat(bytes - json.getBytes(StandardCharsets.UTF_8).length);
    }

    /** A valid request with {@code count} subscriptions, built as a tree rather than by gluing strings. */
    private static String manySubscriptions(int count) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode request = json.createObjectNode().put("asOf", "2026-11-23");
        request.putObject("partner").put("id", "P-1").put("role", "DIRECT_PARTNER");
        ArrayNode subscriptions = request.putObject("customer").put("id", "C-1").putArray("subscriptions");
        for (int i = 0; i < count; i++) {
            subscriptions.addObject().put("id", "S-" + i).put("billing", "LICENSE").put("channel", "EA").put("status", "ACTIVE");
        }
        return request.toString();
    }

    /** Nesting far deeper than any request: {"a":{"a":...}}. */
    private static String deeplyNested(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }
}
