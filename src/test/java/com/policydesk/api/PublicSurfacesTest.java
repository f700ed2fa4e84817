package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.isIn;

/**
 * What anyone may read names things as the contract does, and shows nothing of the server's insides: where the rules
 * come from without the server's path, facts by their contract names, rules with their file and line.
 */
@QuarkusTest
@TestProfile(CopiedRulesProfile.class)
class PublicSurfacesTest {
    private static final Path RULES = Path.of(ConfigProvider.getConfig().getValue("policydesk.rules.dir", String.class));
    private static final List<String> CONTRACT_TYPES = List.of("Request", "Partner", "Customer", "Subscription", "Intent", "List");

    @Test
    void theRuleSetNamesItsSourceByKindAndFolderNameNeverByTheServersPath() {
        String body = given().get("/api/v1/ruleset").then().statusCode(200)
                .body("source.kind", equalTo("folder"))
                .body("source.name", equalTo("rules"))
                .extract().asString();

        assertThat(body).doesNotContain(RULES.toAbsolutePath().getParent().toString());
    }

    @Test
    void theTraceNamesEachFactByItsTypeInTheContract() {
        String request = RecommendationsResourceTest.resource("contract-example.json").replace("\"Azure Cosmos DB\"", "\"Quantum Fridge\"");

        given().contentType(ContentType.JSON).body(request).queryParam("explain", "true")
                .post(RecommendationsResourceTest.RECOMMENDATIONS).then().statusCode(200)
                .body("trace.rules.flatten().facts.flatten().type", everyItem(isIn(CONTRACT_TYPES)))
                .body("trace.rules.find { it.rule == 'Azure services not offered in CSP are flagged' }.facts.type",
                        hasItems("Subscription", "Customer", "Intent", "Request", "List"))
                .body("trace.rules.find { it.rule == 'Azure services not offered in CSP are flagged' }"
                        + ".facts.find { it.type == 'List' }.fact", equalTo(List.of("Quantum Fridge")));
    }

    @Test
    void everyRuleHasItsFileAndTheLineOfItsDeclaration() {
        given().get("/api/v1/ruleset").then().statusCode(200)
                .body("rules.line", everyItem(greaterThan(0)))
                .body("rules.find { it.name == 'Third-party license subscriptions cannot be switched' }.file",
                        equalTo("multichannel/third-party-licenses.drl"))
                .body("rules.find { it.name == 'Third-party license subscriptions cannot be switched' }.line", equalTo(6));
    }

    @Test
    void tableRowsAreListedWithoutTheirCellsTheFilesContentIsForTheAdminToken() {
        given().get("/api/v1/ruleset").then().statusCode(200)
                .body("decisionTableRows[0].keySet()", containsInAnyOrder("id", "model", "table", "index", "annotation"));
    }
}
