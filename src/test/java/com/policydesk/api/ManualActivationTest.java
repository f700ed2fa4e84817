package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.policydesk.RulesCopies.withoutVirtualMachinesRow;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * With manual activation, a valid change waits as the pending candidate with the impact of publishing it, measured
 * on the logged decisions, and changes nothing for callers until it is published.
 */
@QuarkusTest
@TestProfile(ManualActivationProfile.class)
class ManualActivationTest {
    private static final Path AZURE_TABLE = Path.of(ConfigProvider.getConfig().getValue("policydesk.rules.dir", String.class))
            .resolve("multichannel/AzureServicesInCsp.dmn");
    private static final String AUTH = "Bearer " + CopiedRulesProfile.TOKEN;
    private static final String NOT_IN_CSP = "AZURE_SERVICES_NOT_IN_CSP";
    private static final int USING_VIRTUAL_MACHINES = 5;
    private static final int USING_STORAGE_ONLY = 3;

    @Test
    void aDmnEditThatDropsAServiceWaitsAsPendingWithItsExactImpactAndChangesNothingUntilPublished() throws Exception {
        String active = given().get("/api/v1/ruleset").then().statusCode(200).body("pending", nullValue()).extract().path("version");
        String lastId = null;
        for (int i = 0; i < USING_VIRTUAL_MACHINES; i++) {
            decide(withVirtualMachines()).then().body("recommendations.code", not(hasItem(NOT_IN_CSP)));
        }
        for (int i = 0; i < USING_STORAGE_ONLY; i++) {
            lastId = decide(withStorageOnly()).path("decisionId");
        }
        DecisionLogResourceTest.awaitLogged(lastId).then().statusCode(200);
        Files.writeString(AZURE_TABLE, withoutVirtualMachinesRow(Files.readString(AZURE_TABLE)));

        String pending = given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/reload").then().statusCode(200)
                .body("status", equalTo("PENDING")).body("active", equalTo(active)).extract().path("pending");

        given().get("/api/v1/ruleset").then().statusCode(200)
                .body("version", equalTo(active))
                .body("pending.version", equalTo(pending))
                .body("pending.impact.replayed", equalTo(USING_VIRTUAL_MACHINES + USING_STORAGE_ONLY))
                .body("pending.impact.changed", equalTo(USING_VIRTUAL_MACHINES))
                .body("pending.impact.codes." + NOT_IN_CSP + ".added", equalTo(USING_VIRTUAL_MACHINES))
                .body("pending.impact.codes." + NOT_IN_CSP + ".removed", equalTo(0))
                .body("pending.impact.policies.MC-8.added", equalTo(USING_VIRTUAL_MACHINES))
                .body("pending.impact.examples.size()", equalTo(USING_VIRTUAL_MACHINES))
                .body("pending.impact.examples[0].added[0].details.services", equalTo(java.util.List.of("Virtual Machines")));
        decide(withVirtualMachines()).then().body("ruleset", equalTo(active))
                .body("recommendations.code", not(hasItem(NOT_IN_CSP)));

        given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/" + pending + "/activate").then().statusCode(200)
                .body("outcome", equalTo("ACTIVATED"));

        decide(withVirtualMachines()).then().body("ruleset", equalTo(pending)).body("recommendations.code", hasItem(NOT_IN_CSP));
        given().get("/api/v1/ruleset").then().body("version", equalTo(pending)).body("pending", nullValue());
        given().header("Authorization", AUTH).get("/api/v1/admin/ruleset/history").then()
                .body("entries.outcome", equalTo(java.util.List.of("ACTIVATED", "PENDING", "ACTIVATED")));
    }

    private static String withVirtualMachines() {
        return RecommendationsResourceTest.resource("contract-example.json").replace("\"Azure Cosmos DB\"", "\"Storage\"");
    }

    private static String withStorageOnly() {
        return withVirtualMachines().replace("\"Virtual Machines\", ", "");
    }

    private static Response decide(String body) {
        Response response = given().contentType(ContentType.JSON).body(body).post(RecommendationsResourceTest.RECOMMENDATIONS);
        response.then().statusCode(200);
        return response;
    }
}
