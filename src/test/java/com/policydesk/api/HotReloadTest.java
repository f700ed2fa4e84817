package com.policydesk.api;

import io.quarkus.test.junit.QuarkusTest;
import static com.policydesk.RulesCopies.withVirtualMachinesNotOffered;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** Rule changes go live without a restart, bad ones never do, and rollback works: the service on a copied rules folder. */
@QuarkusTest
@TestProfile(CopiedRulesProfile.class)
class HotReloadTest {
    /** The copy the service runs on, as its configuration names it (the profile's class may be loaded twice). */
    private static final Path RULES = Path.of(ConfigProvider.getConfig().getValue("policydesk.rules.dir", String.class))
            .resolve("multichannel");
    private static final Path AZURE_TABLE = RULES.resolve("AzureServicesInCsp.dmn");
    private static final Path LICENSES = RULES.resolve("third-party-licenses.drl");
    private static final String AUTH = "Bearer " + CopiedRulesProfile.TOKEN;

    private String originalTable;
    private String originalLicenses;

    @BeforeEach
    void remember() throws IOException {
        originalTable = Files.readString(AZURE_TABLE);
        originalLicenses = Files.readString(LICENSES);
    }

    @AfterEach
    void restore() throws IOException {
        Files.writeString(AZURE_TABLE, originalTable);
        Files.writeString(LICENSES, originalLicenses);
        adminReload();
    }

    @Test
    void anEditedRuleGoesLiveWithoutARestartThroughTheWatcher() throws Exception {
        String before = activeVersion();
        Files.writeString(LICENSES, originalLicenses.replace("then buy it in CSP.", "then buy it anew in CSP."));

        String after = awaitVersionOtherThan(before);

        assertThat(after).isNotEqualTo(before);
        decide().then().body("recommendations[0].message", org.hamcrest.Matchers.endsWith("then buy it anew in CSP."))
                .body("ruleset", equalTo(after));
    }

    @Test
    void anEditedDmnRowGoesLiveOnAnAdminReload() throws Exception {
        Files.writeString(AZURE_TABLE, withVirtualMachinesNotOffered(originalTable));

        adminReload().then().statusCode(200).body("status", anyOf(equalTo("ACTIVATED"), equalTo("UNCHANGED")));

        decide().then().body("recommendations.code", hasItem("AZURE_SERVICES_NOT_IN_CSP"));
    }

    @Test
    void aDrlSyntaxErrorIsRejectedWithFileAndLineAndTheOldVersionKeepsAnswering() throws Exception {
        String before = activeVersion();
        Files.writeString(LICENSES, originalLicenses.replace("Intent( action == IntentAction.TAKE_OVER )", "Intent( action == )"));

        adminReload().then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("ruleset_rejected"))
                .body("active", equalTo(before))
                .body("rejection.problems[0].file", equalTo("multichannel/third-party-licenses.drl"))
                .body("rejection.problems[0].line", notNullValue());

        decide().then().statusCode(200).body("ruleset", equalTo(before));
        given().get("/api/v1/ruleset").then().body("lastRejected.version", not(equalTo(before)));
        Readiness.await();
    }

    @Test
    void aDmnFeelErrorIsRejectedAndTheOldVersionKeepsAnswering() throws Exception {
        String before = activeVersion();
        Files.writeString(AZURE_TABLE, originalTable.replaceFirst("<text>true</text>", "<text>true +* (</text>"));

        adminReload().then().statusCode(422).body("rejection.problems[0].file", equalTo("multichannel/AzureServicesInCsp.dmn"));

        decide().then().statusCode(200).body("ruleset", equalTo(before));
    }

    @Test
    void aChangeThatBreaksAScenarioIsRejectedWithTheScenarioAndItsDifference() throws Exception {
        String before = activeVersion();
        Files.writeString(LICENSES, originalLicenses.replace("\"LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL\"", "\"LICENSE_WAIT\""));

        adminReload().then().statusCode(422)
                .body("rejection.failedScenarios[0]", org.hamcrest.Matchers.containsString("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL"));

        decide().then().statusCode(200).body("ruleset", equalTo(before))
                .body("recommendations.code", hasItem("LICENSE_WAIT_FOR_EXPIRY_OR_CANCEL"));
    }

    @Test
    void rollbackRestoresThePreviousAnswers() throws Exception {
        String before = activeVersion();
        Files.writeString(AZURE_TABLE, withVirtualMachinesNotOffered(originalTable));
        adminReload().then().statusCode(200);
        decide().then().body("recommendations.code", hasItem("AZURE_SERVICES_NOT_IN_CSP"));

        given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/" + before + "/activate").then().statusCode(200);

        decide().then().body("ruleset", equalTo(before)).body("recommendations.code", not(hasItem("AZURE_SERVICES_NOT_IN_CSP")));
        given().header("Authorization", AUTH).get("/api/v1/admin/ruleset/history").then().statusCode(200)
                .body("entries[0].outcome", equalTo("ROLLED_BACK"));
    }

    @Test
    void everyResponseCarriesTheOldOrTheNewVersionWhileTheRulesAreReloadedTwentyTimes() throws Exception {
        String variantA = activeVersion();
        Files.writeString(AZURE_TABLE, withVirtualMachinesNotOffered(originalTable));
        adminReload().then().statusCode(200);
        String variantB = activeVersion();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            loops.add(clients.submit(() -> {
                while (running.get()) {
                    Response response = decide();
                    if (response.statusCode() != 200) {
                        failures.incrementAndGet();
                    } else {
                        seen.add(response.path("ruleset"));
                        answered.incrementAndGet();
                    }
                }
            }));
        }
        for (int i = 0; i < 20; i++) {
            Files.writeString(AZURE_TABLE, i % 2 == 0 ? originalTable : withVirtualMachinesNotOffered(originalTable));
            adminReload().then().statusCode(200);
        }
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(failures).hasValue(0);
        assertThat(answered.get()).isPositive();
        assertThat(seen).isSubsetOf(variantA, variantB);
    }

    @Test
    void adminCallsWithoutOrWithAWrongTokenAreRefused() {
        given().post("/api/v1/admin/ruleset/reload").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().header("Authorization", "Bearer wrong").get("/api/v1/admin/ruleset/history").then().statusCode(401);
        given().header("Authorization", "Basic " + CopiedRulesProfile.TOKEN).get("/api/v1/admin/ruleset/history")
                .then().statusCode(401);
    }

    @Test
    void activatingAVersionThatIsNotKeptIs404() {
        given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/multichannel@000000000000/activate")
                .then().statusCode(404).body("code", equalTo("not_found"));
    }

    private static Response adminReload() {
        return given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/reload");
    }

    private static Response decide() {
        return given().contentType(ContentType.JSON).body(RecommendationsResourceTest.resource("contract-example.json"))
                .post(RecommendationsResourceTest.RECOMMENDATIONS);
    }

    private static String activeVersion() {
        return given().get("/api/v1/ruleset").then().statusCode(200).extract().path("version");
    }

    private static String awaitVersionOtherThan(String version) throws InterruptedException {
        // a bound: a reload compiles, runs the gate and warms up, which a busy machine can make slow
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            String now = activeVersion();
            if (!now.equals(version)) {
                return now;
            }
            Thread.sleep(100);
        }
        return version;
    }
}
