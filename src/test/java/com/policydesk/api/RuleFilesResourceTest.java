package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.policydesk.RulesCopies.withVirtualMachinesNotOffered;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** The workbench's save: checked, then written and reloaded; never over a newer file, never DRL. */
@QuarkusTest
@TestProfile(CopiedRulesProfile.class)
class RuleFilesResourceTest {
    private static final Path RULES = Path.of(ConfigProvider.getConfig().getValue("policydesk.rules.dir", String.class));
    private static final String TABLE = "multichannel/AzureServicesInCsp.dmn";
    private static final String URL = "/api/v1/admin/rules/";
    private static final String AUTH = "Bearer " + CopiedRulesProfile.TOKEN;

    private String original;

    @BeforeEach
    void remember() throws IOException {
        original = Files.readString(RULES.resolve(TABLE));
    }

    @AfterEach
    void restore() throws IOException {
        Files.writeString(RULES.resolve(TABLE), original);
        given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/reload").then().statusCode(200);
    }

    @Test
    void readsAFileWithTheHashTheRuleSetListsForIt() {
        String listed = given().get("/api/v1/ruleset").then().extract()
                .path("files.find { it.path == '" + TABLE + "' }.sha256");

        given().header("Authorization", AUTH).get(URL + TABLE).then().statusCode(200)
                .body("path", equalTo(TABLE)).body("sha256", equalTo(listed)).body("content", equalTo(original));
    }

    @Test
    void aSavedEditGoesLiveAndChangesTheDecision() {
        Response saved = save(withVirtualMachinesNotOffered(original), hashOf(TABLE));

        saved.then().statusCode(200).body("status", equalTo("ACTIVATED")).body("rejection", nullValue());
        assertThat(saved.<String>path("active")).isEqualTo(saved.path("version"));
        given().contentType(ContentType.JSON).body(RecommendationsResourceTest.resource("contract-example.json"))
                .post(RecommendationsResourceTest.RECOMMENDATIONS).then()
                .body("recommendations.code", hasItem("AZURE_SERVICES_NOT_IN_CSP"));
    }

    @Test
    void aSaveOverANewerFileIsAConflictWithBothHashesAndWritesNothing() throws IOException {
        String base = hashOf(TABLE);
        Files.writeString(RULES.resolve(TABLE), original.replace("Virtual Machines", "Virtual machines"));
        String newer = given().header("Authorization", AUTH).get(URL + TABLE).then().extract().path("sha256");

        save(withVirtualMachinesNotOffered(original), base).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("conflict"))
                .body("baseSha256", equalTo(base)).body("currentSha256", equalTo(newer));
        assertThat(Files.readString(RULES.resolve(TABLE))).contains("Virtual machines");
    }

    @Test
    void aTableThatDoesNotCompileIsRefusedWithFileAndNothingIsWritten() throws IOException {
        save(original.replaceFirst("<text>true</text>", "<text>true +* (</text>"), hashOf(TABLE)).then()
                .statusCode(422).body("code", equalTo("ruleset_rejected"))
                .body("problems[0].file", equalTo(TABLE));
        assertThat(Files.readString(RULES.resolve(TABLE))).isEqualTo(original);
    }

    @Test
    void aFeelSyntaxErrorIsRefusedNamingItsDecisionRowColumnAndTextAtItsCellsLine() {
        String broken = original.replaceFirst("<text>true</text>", "<text>true +* (</text>");
        int line = (int) broken.substring(0, broken.indexOf("<outputEntry id=\"_rule_virtual_machines_offered\">"))
                .chars().filter(c -> c == '\n').count() + 1;

        save(broken, hashOf(TABLE)).then().statusCode(422).contentType("application/problem+json")
                .body("problems", hasSize(1))
                .body("problems[0].file", equalTo(TABLE))
                .body("problems[0].line", equalTo(line))
                .body("problems[0].feel.decision", equalTo("Offered in CSP"))
                .body("problems[0].feel.row", equalTo(1))
                .body("problems[0].feel.column", equalTo("Offered in CSP"))
                .body("problems[0].feel.text", equalTo("true +* ("))
                .body("problems[0].message", startsWith("FEEL syntax error in decision 'Offered in CSP', row 1, "
                        + "column 'Offered in CSP': true +* ("));
    }

    @Test
    void aVersionsChangesListItsTableRowsOldAndNewAgainstTheActiveOne() {
        String before = given().get("/api/v1/ruleset").then().extract().path("version");
        String after = save(withVirtualMachinesNotOffered(original), hashOf(TABLE)).then().statusCode(200)
                .extract().path("version");

        given().header("Authorization", AUTH).get("/api/v1/admin/ruleset/" + before + "/changes").then().statusCode(200)
                .body("from", equalTo(after)).body("to", equalTo(before))
                .body("files.path", equalTo(List.of(TABLE)))
                .body("rows.id", equalTo(List.of("AzureServicesInCsp/Offered in CSP#_rule_virtual_machines")))
                .body("rows[0].change", equalTo("CHANGED"))
                .body("rows[0].before.cells.find { it.column == 'Offered in CSP' }.text", equalTo("false"))
                .body("rows[0].after.cells.find { it.column == 'Offered in CSP' }.text", equalTo("true"))
                .body("rows[0].after.cells.column", equalTo(List.of("service", "cloud", "Offered in CSP", "source / note")));
        given().get("/api/v1/admin/ruleset/" + before + "/changes").then().statusCode(401);
        given().header("Authorization", AUTH).get("/api/v1/admin/ruleset/rules@000000000000/changes").then()
                .statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void aTableThatCallsJavaIsRefusedWithItsLine() {
        String withJava = original.replaceFirst("<text>true</text>",
                "<text>function() external { java: { class: \"java.lang.System\", method signature: \"exit(int)\" } }</text>");

        save(withJava, hashOf(TABLE)).then().statusCode(422)
                .body("problems.message", hasItem(containsString("calls Java")));
    }

    @Test
    void drlIsNeverAcceptedOverHttp() {
        String drl = "multichannel/azure.drl";
        given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("content", "rule \"x\" when then end", "baseSha256", hashOf(drl)))
                .put(URL + drl).then().statusCode(403).body("code", equalTo("forbidden"))
                .body("detail", containsString("DRL is never accepted over HTTP"));
    }

    @Test
    void aPathOutsideTheRulesFolderOrNotARuleFileIsABadRequest() {
        // '..' never reaches the resource (the client and the server resolve it): RulePathTest covers it.
        for (String path : new String[]{"multichannel/my%20table.dmn", "multichannel/notes.txt"}) {
            given().urlEncodingEnabled(false).header("Authorization", AUTH).get(URL + path).then().statusCode(400)
                    .body("code", equalTo("invalid_request")).body("errors[0].path", equalTo("{path}"));
        }
        given().header("Authorization", AUTH).get(URL + "multichannel/Nothing.dmn").then().statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void aBodyWithoutContentOrHashIsABadRequestListingBoth() {
        given().header("Authorization", AUTH).contentType(ContentType.JSON).body(Map.of("contents", "x"))
                .put(URL + TABLE).then().statusCode(400)
                .body("errors.path", equalTo(List.of("content", "baseSha256", "contents")));
    }

    @Test
    void savingNeedsTheAdminToken() {
        given().contentType(ContentType.JSON).body(Map.of("content", original, "baseSha256", hashOf(TABLE)))
                .put(URL + TABLE).then().statusCode(401).body("code", equalTo("unauthorized"));
        given().get(URL + TABLE).then().statusCode(401).body("content", not(equalTo(original)));
    }

    private static Response save(String content, String base) {
        return given().header("Authorization", AUTH).contentType(ContentType.JSON)
                .body(Map.of("content", content, "baseSha256", base)).put(URL + TABLE);
    }

    private static String hashOf(String path) {
        return given().header("Authorization", AUTH).get(URL + path).then().statusCode(200).extract().path("sha256");
    }
}
