package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The decision API over HTTP, against the bundled multichannel rules. */
@QuarkusTest
class RecommendationsResourceTest {
    static final String RECOMMENDATIONS = "/api/v1/recommendations";

    @Test
    void decidesTheContractExampleWithTheContractsFirstRecommendation() {
        given().contentType(ContentType.JSON).body(resource("contract-example.json"))
                .when().post(RECOMMENDATIONS)
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("decisionId", notNullValue())
                .body("ruleset", matchesPattern("multichannel@[0-9a-f]{12}"))
                .body("asOf", equalTo("2026-11-23"))
                .body("recommendations[0].code", equalTo("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL"))
                .body("recommendations[0].kind", equalTo("BLOCKER"))
                .body("recommendations[0].subscriptionId", equalTo("S-1"))
                .body("recommendations[0].policy", equalTo("MC-4"))
                .body("recommendations[0].rule", equalTo("Third-party license subscriptions cannot be switched"))
                .body("recommendations[0].message", equalTo("Subscription S-1 (Office 365 E3) was bought from a third-party"
                        + " provider; it cannot be switched to a CSP partner. Wait until it ends on 2027-03-31 or cancel it,"
                        + " then buy it in CSP."))
                .body("recommendations[0].details.endDate", equalTo("2027-03-31"))
                .body("recommendations[0].details.daysUntilEnd", equalTo(128))
                .body("trace", nullValue());
    }

    @Test
    void answersTheContractExampleInTheContractsOrder() {
        given().contentType(ContentType.JSON).body(resource("contract-example.json"))
                .when().post(RECOMMENDATIONS)
                .then().statusCode(200)
                .body("recommendations.collect { it.kind + ' ' + it.subscriptionId + ' ' + it.code }", contains(
                        "BLOCKER S-1 LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL",
                        "BLOCKER S-2 AZURE_NO_MIGRATION_PATH",
                        "ACTION null REQUEST_DELEGATED_ADMIN_FOR_RESELLER",
                        "ACTION S-2 AZURE_REBUILD_IN_CSP",
                        "INFO null DIRECT_PARTNER_MANAGES_RELATIONSHIP",
                        "INFO S-1 MULTICHANNEL_ELIGIBLE",
                        "INFO S-2 MULTICHANNEL_ELIGIBLE"));
    }

    @Test
    void decidesAMixedEstateInGermanyWithEachSubscriptionsCodes() {
        given().contentType(ContentType.JSON).body(resource("mixed-estate.json"))
                .when().post(RECOMMENDATIONS)
                .then().statusCode(200)
                .body("recommendations.collect { it.kind + ' ' + it.subscriptionId + ' ' + it.code }", contains(
                        "BLOCKER S-2 AZURE_NO_MIGRATION_PATH",
                        "BLOCKER S-3 AZURE_NO_MIGRATION_PATH",
                        "ACTION S-1 LICENSE_BUY_NEW_IN_CSP",
                        "ACTION S-2 AZURE_REBUILD_IN_CSP",
                        "ACTION S-3 AZURE_REBUILD_IN_CSP",
                        "ACTION S-4 AZURE_SWITCH_PARTNER",
                        "WARNING S-2 AZURE_SERVICES_NOT_IN_CSP",
                        "WARNING S-3 AZURE_CHECK_SERVICE_AVAILABILITY",
                        "INFO S-2 MULTICHANNEL_ELIGIBLE",
                        "INFO S-3 MULTICHANNEL_ELIGIBLE",
                        "INFO S-5 MULTICHANNEL_NOT_APPLICABLE"))
                .body("recommendations.find { it.code == 'AZURE_SERVICES_NOT_IN_CSP' }.details.services",
                        contains(" azure functions ", "Quantum Toaster"));
    }

    @ParameterizedTest(name = "{0} fires for {1}")
    @CsvSource({
            "FORMER_ADVISOR_SUBSCRIPTION, ADVISOR sold by this reseller",
            "REQUEST_CUSTOMER_RELATIONSHIP, a direct partner taking over a license subscription",
            "RESALE_TO_CSP_PARTNER_NOT_ALLOWED, a resale to a CSP partner",
            "RESELLER_CANNOT_CREATE_INVITATION, a reseller inviting a customer",
            "USE_DIRECT_PARTNER_INVITATION, a reseller inviting a customer",
    })
    void codesNotInTheExamplesFireInTheirSituation(String code, String situation) {
        String body = switch (situation) {
            case "ADVISOR sold by this reseller" -> """
                    {"asOf": "2026-11-23", "partner": {"id": "P-200", "role": "INDIRECT_RESELLER", "directPartnerId": "P-100"},
                     "customer": {"id": "C-1", "subscriptions": [{"id": "S-1", "billing": "LICENSE", "channel": "ADVISOR",
                       "sellerId": "P-200", "status": "ACTIVE"}]}}
                    """;
            case "a direct partner taking over a license subscription" -> """
                    {"asOf": "2026-11-23", "partner": {"id": "P-100", "role": "DIRECT_PARTNER"},
                     "customer": {"id": "C-1", "subscriptions": [{"id": "S-1", "billing": "LICENSE", "channel": "OPEN",
                       "status": "ACTIVE"}]}}
                    """;
            case "a resale to a CSP partner" -> """
                    {"asOf": "2026-11-23", "partner": {"id": "P-100", "role": "DIRECT_PARTNER"}, "customer": {"id": "C-1"},
                     "intent": {"action": "RESELL_TO_PARTNER", "targetPartnerId": "P-9", "targetInCsp": true}}
                    """;
            default -> """
                    {"asOf": "2026-11-23", "partner": {"id": "P-200", "role": "INDIRECT_RESELLER", "directPartnerId": "P-100"},
                     "customer": {"id": "C-1"}, "intent": {"action": "INVITE_CUSTOMER"}}
                    """;
        };
        given().contentType(ContentType.JSON).body(body)
                .when().post(RECOMMENDATIONS)
                .then().statusCode(200)
                .body("recommendations.code", hasItem(code));
    }

    @Test
    void explainAddsATraceOfRulesWithTheirFactsAndDmnDecisionsWithTheirRows() {
        given().contentType(ContentType.JSON).body(resource("contract-example.json"))
                .queryParam("explain", "true")
                .when().post(RECOMMENDATIONS)
                .then().statusCode(200)
                .body("trace.rules.rule", hasItem("Third-party license subscriptions cannot be switched"))
                .body("trace.rules[0].facts[0].type", notNullValue())
                .body("trace.decisions", hasSize(2))
                .body("trace.decisions[0].model", equalTo("AzureServicesInCsp"))
                .body("trace.decisions[0].inputs.service", equalTo("virtual machines"))
                .body("trace.decisions[0].result", equalTo(true))
                .body("trace.decisions[0].rowIds", hasSize(1));
    }

    @Test
    void describesTheActiveRuleSetWithFilesRulesAndDecisions() {
        given().when().get("/api/v1/ruleset")
                .then().statusCode(200)
                .body("version", matchesPattern("multichannel@[0-9a-f]{12}"))
                .body("loadedAt", notNullValue())
                .body("files.path", hasItem("multichannel/AzureServicesInCsp.dmn"))
                .body("files[0].sha256", matchesPattern("[0-9a-f]{64}"))
                .body("rules.find { it.name == 'Third-party license subscriptions cannot be switched' }.policy", equalTo("MC-4"))
                .body("decisions", hasItem("AzureServicesInCsp/Offered in CSP"));
    }

    @Test
    void isReadyOnceWarmWithTheActiveRuleSetVersion() {
        Readiness.await();

        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'ruleset' }.data.version", startsWith("multichannel@"))
                .body("checks.find { it.name == 'ruleset' }.data.warm", equalTo(true));
    }

    @Test
    void publishesOpenApi() {
        given().when().get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("components.schemas.DecisionRequest.required", hasItem("partner"))
                .body("paths.'/api/v1/recommendations'.post.requestBody.content.keySet()", contains("application/json"));
    }

    @Test
    void publishesMetricsForPrometheus() {
        given().contentType(ContentType.JSON).body(resource("contract-example.json")).post(RECOMMENDATIONS);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("http_server_requests_seconds_count"));
    }

    static String resource(String name) {
        try (InputStream in = RecommendationsResourceTest.class.getResourceAsStream("/requests/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
