package com.policydesk.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench in a real browser (Debian's Chromium, headless), with the service's security headers on: one
 * browser and one service for every check, in the order a policy author meets them (and a second browser, last, for
 * a first visit on a warm service). The DMN editor's open time is
 * measured on a first and on repeat visits and printed (speed is judged by measurement, not by a threshold here);
 * a table edit the scenario gate refuses shows its failing scenario; an accepted one waits as the pending candidate
 * (manual activation) and is reviewed against the active version (changed rows, scenario results, coverage,
 * impact) before it is published; a rule opens read-only at its line; a FEEL syntax error is named and outlined at
 * its cell; a customer's latest logged decision is looked up, kept as a scenario and passes in the scenarios
 * section; axe-core finds nothing serious or critical in any section. Screenshots: target/workbench-screenshots/.
 */
@QuarkusTest
@TestProfile(WorkbenchBrowserTest.ManualActivation.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchBrowserTest {
    private static final Path RULES = Path.of(ConfigProvider.getConfig().getValue("policydesk.rules.dir", String.class));
    private static final Path SCENARIOS = Path.of(ConfigProvider.getConfig().getValue("policydesk.scenarios.dir", String.class));
    private static final String TABLE_PATH = "multichannel/AzureServicesInCsp.dmn";
    private static final Path TABLE = RULES.resolve(TABLE_PATH);
    private static final String AUTH = "Bearer " + CopiedRulesProfile.TOKEN;
    /** A scenario the first edit breaks: the gate must refuse it and the page must show why. */
    private static final Path PIN = SCENARIOS.resolve("multichannel/pinned-by-workbench-test.yaml");
    private static final String PINNED = """
            description: Pinned by the workbench test, so that turning Virtual Machines off is refused
            policies: [MC-8]
            scenarios:
              - id: virtual-machines-stay-offered
                description: an EA Azure plan with Virtual Machines is not flagged
                given:
                  asOf: 2026-11-23
                  partner: { id: P-100, role: DIRECT_PARTNER }
                  customer:
                    id: C-1
                    subscriptions:
                      - { id: S-2, billing: USAGE, channel: EA, status: ACTIVE, services: [Virtual Machines] }
                expectNot:
                  - { code: AZURE_SERVICES_NOT_IN_CSP }
            """;
    /**
     * Written by the policy author while the candidate waits: one scenario that wants the change (it fails on the
     * active version) and one that a colleague pinned the other way (it fails on the candidate).
     */
    private static final Path REVIEW = SCENARIOS.resolve("multichannel/scale-sets-review.yaml");
    /** The suite the workbench keeps a logged decision in. */
    private static final Path KEPT = SCENARIOS.resolve("multichannel/kept-decisions.yaml");
    private static final String REVIEWED = """
            description: Virtual Machine Scale Sets, as the policy team reviews the candidate
            policies: [MC-8]
            scenarios:
              - id: scale-sets-are-flagged
                description: an EA Azure plan with Virtual Machine Scale Sets is flagged for checking
                given:
                  asOf: 2026-11-23
                  partner: { id: P-100, role: DIRECT_PARTNER }
                  customer: { id: C-9, subscriptions: [ { id: S-9, billing: USAGE, channel: EA, status: ACTIVE, services: [Virtual Machine Scale Sets] } ] }
                expect:
                  - { code: AZURE_SERVICES_NOT_IN_CSP, subscriptionId: S-9 }
              - id: scale-sets-stay-offered
                description: an EA Azure plan with Virtual Machine Scale Sets is not flagged
                given:
                  asOf: 2026-11-23
                  partner: { id: P-100, role: DIRECT_PARTNER }
                  customer: { id: C-9, subscriptions: [ { id: S-9, billing: USAGE, channel: EA, status: ACTIVE, services: [Virtual Machine Scale Sets] } ] }
                expectNot:
                  - { code: AZURE_SERVICES_NOT_IN_CSP }
            """;
    private static final String SCALE_SETS_REQUEST = RecommendationsResourceTest.resource("contract-example.json")
            .replace("\"Azure Cosmos DB\"", "\"Virtual Machine Scale Sets\"");

    private static WorkbenchPage page;

    @TestHTTPResource("/workbench/")
    URL workbench;

    private String originalTable;

    /** Its own copy of rules/, manual activation, and its own decision log (for the candidate's impact). */
    public static class ManualActivation implements QuarkusTestProfile {
        private static final Path ROOT = CopiedRulesProfile.createRoot();

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(CopiedRulesProfile.overrides(ROOT));
            overrides.put("policydesk.reload.activation", "manual");
            overrides.put("policydesk.data.dir", ROOT.resolve("data").toString());
            return overrides;
        }
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        page = new WorkbenchPage(Boolean.getBoolean("workbench.trace"));
    }

    @AfterAll
    static void stopBrowser() {
        if (page != null) {
            page.close();
        }
    }

    @BeforeEach
    void remember() throws IOException {
        originalTable = Files.readString(TABLE);
    }

    /** The table as it was, live again (a change of it, saved, waits as pending: it is published back). */
    @AfterEach
    void restore() throws IOException {
        Files.deleteIfExists(PIN);
        Files.deleteIfExists(REVIEW);
        Files.deleteIfExists(KEPT);
        Files.writeString(TABLE, originalTable);
        Map<String, String> reloaded = given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/reload")
                .then().statusCode(200).extract().path("$");
        if (reloaded.get("status").equals("PENDING")) {
            given().header("Authorization", AUTH).post("/api/v1/admin/ruleset/" + reloaded.get("pending") + "/activate")
                    .then().statusCode(200);
        }
    }

    @Test
    @Order(1)
    void theEditorOpensAndItsTimeIsMeasuredOnAFirstAndOnRepeatVisits() throws IOException {
        page.open(workbench.toString());
        page.screenshot("1-rules");
        checkAccessibility("the page as it opens");

        long first = page.openTableTimed(TABLE_PATH);
        page.saveTrace(WorkbenchPage.SHOTS.resolve("editor-first-open-trace.json"));
        page.screenshot("2-editor");
        List<Long> repeats = new ArrayList<>();
        for (int visit = 2; visit <= 3; visit++) {
            page.open(workbench.toString());
            repeats.add(page.openTableTimed(TABLE_PATH));
        }

        System.out.printf("[workbench] DMN editor drawn after the click: first visit %d ms (the service just started);"
                + " repeat visits %s ms (load average %s)%n", first, repeats, loadAverage());
        assertThat(page.find(By.id("save-status")).getText()).isEqualTo("Opened " + TABLE_PATH);
        assertThat(page.find(By.id("dmn-editor-standalone")).getAttribute("src")).endsWith("editor-frame.html");
    }

    @Test
    @Order(2)
    void aTableEditTheScenarioGateRefusesShowsTheFailingScenario() throws IOException {
        Files.writeString(PIN, PINNED);
        page.open(workbench.toString());

        WebElement refused = editAndSave(1, "false");

        assertThat(refused.getAttribute("data-status")).isEqualTo("REJECTED");
        assertThat(page.find(By.cssSelector("#save-report .failed-scenario")).getText())
                .contains("virtual-machines-stay-offered").contains("must not fire: AZURE_SERVICES_NOT_IN_CSP");
        page.scrollTo(refused);
        page.screenshot("3-refused-by-the-gate");
    }

    @Test
    @Order(3)
    void aPendingCandidateIsReviewedAgainstTheActiveVersionAndChangesAnswersOnlyOncePublished() throws IOException {
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(SCALE_SETS_REQUEST).post(RecommendationsResourceTest.RECOMMENDATIONS)
                    .then().statusCode(200);
        }
        String before = page.open(workbench.toString());
        assertThat(editAndSave(2, "false").getAttribute("data-status")).isEqualTo("PENDING");
        Files.writeString(REVIEW, REVIEWED);

        page.open(workbench.toString());
        page.wait(Duration.ofSeconds(60)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#review-scenarios table.review-scenarios")));
        page.wait(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#review-rows table")));
        assertThat(page.findAll(By.cssSelector("#review-rows tr[data-row$='#_rule_virtual_machine_scale_sets'] td.differs")))
                .extracting(WebElement::getText).containsExactly("true", "false");
        assertThat(outcome("scale-sets-are-flagged")).containsExactly("failed", "passed");
        assertThat(outcome("scale-sets-stay-offered")).containsExactly("passed", "failed");
        assertThat(page.find(By.id("review-impact")).getText()).matches("Replayed \\d+ logged decisions; [1-9]\\d* would change\\.");
        page.screenshot("4-pending-review", page.find(By.id("pending")));
        checkAccessibility("the review of a pending candidate");

        page.decide(SCALE_SETS_REQUEST);
        assertThat(page.codes()).as("nothing changes for callers before publishing").doesNotContain("AZURE_SERVICES_NOT_IN_CSP");
        assertThat(page.find(By.id("decided-by")).getText()).isEqualTo(before);
        page.find(By.id("publish")).click();
        String after = page.waitFor(By.id("active-version"), text -> !text.equals(before));
        page.decide(SCALE_SETS_REQUEST);
        page.waitFor(By.id("decided-by"), after::equals);
        assertThat(page.codes()).contains("AZURE_SERVICES_NOT_IN_CSP");
        assertThat(page.find(By.id("pending")).isDisplayed()).as("nothing pending once published").isFalse();
        page.scrollTo(page.find(By.id("decision")));
        page.screenshot("5-published-and-decided");
    }

    @Test
    @Order(4)
    void aRuleOpensReadOnlyAtItsLineHighlighted() throws IOException {
        page.open(workbench.toString());
        page.holdToken();
        String rule = "Third-party license subscriptions cannot be switched";

        page.find(By.cssSelector("[data-rule='" + rule + "']")).click();

        WebElement at = page.wait(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#drl-view li.at")));
        assertThat(at.getText()).isEqualTo("rule \"" + rule + "\"");
        assertThat(page.find(By.id("drl-view-title")).getText()).startsWith("multichannel/third-party-licenses.drl:6 (read-only)");
        assertThat(page.findAll(By.cssSelector("#drl-view li.in-rule")).get(0).getText()).isEqualTo(at.getText());
        assertThat(page.findAll(By.cssSelector("#drl-view li.in-rule")))
                .last().extracting(WebElement::getText).isEqualTo("end");
        assertThat((Boolean) page.script("const line = arguments[0], list = line.closest('ol');"
                + " return line.offsetTop - list.offsetTop >= list.scrollTop"
                + " && line.offsetTop - list.offsetTop < list.scrollTop + list.clientHeight", at))
                .as("the rule's line is scrolled into the listing's view").isTrue();
        page.screenshot("6-rule-at-its-line", page.find(By.id("drl-view")));
        checkAccessibility("a rule's file, read-only");
    }

    @Test
    @Order(5)
    void aFeelSyntaxErrorIsNamedByDecisionRowColumnAndTextAndOutlinedAtItsCell() throws IOException {
        page.open(workbench.toString());

        WebElement refused = editAndSave(3, "true)");

        assertThat(refused.getAttribute("data-status")).isEqualTo("ruleset_rejected");
        assertThat(page.find(By.cssSelector("#save-report .feel-problem")).getText())
                .contains("FEEL syntax error in decision 'Offered in CSP', row 3, column 'Offered in CSP': true)");
        page.waitFor(By.id("save-status"), text -> text.startsWith("The cell is outlined in the editor"));
        String outlined = page.inEditor(() -> page.find(By.cssSelector("td[data-policydesk-problem]")).getText());
        assertThat(outlined).contains("true)");
        assertThat(page.inEditor(() -> (String) page.script("const cell = document.querySelector('td[data-policydesk-problem]');"
                + " return cell.closest('tr').dataset.testid + ' ' + cell.dataset.testid")))
                .isEqualTo("kie-tools--bee--expression-row-2 kie-tools--bee--expression-column-3");
        assertThat(Files.readString(TABLE)).isEqualTo(originalTable);
        page.screenshot("7-feel-error-at-its-cell", page.find(By.id("tables")));
        checkAccessibility("the editor with a refused save");
    }

    @Test
    @Order(6)
    void aCustomersLatestDecisionIsLookedUpKeptAsAScenarioAndPassesInTheScenariosSection() throws IOException {
        String body = RecommendationsResourceTest.resource("contract-example.json").replace("\"C-1\"", "\"C-KEPT-IN-BROWSER\"");
        String decisionId = given().contentType(ContentType.JSON).body(body).post(RecommendationsResourceTest.RECOMMENDATIONS)
                .then().statusCode(200).extract().path("decisionId");
        DecisionLogResourceTest.awaitLogged(decisionId).then().statusCode(200);
        page.open(workbench.toString());
        page.holdToken();

        page.find(By.id("lookup-id")).sendKeys("C-KEPT-IN-BROWSER");
        page.find(By.id("lookup")).click();
        page.waitFor(By.id("looked-up-id"), decisionId::equals);
        page.find(By.id("keep")).click();

        page.waitFor(By.id("kept-outcome"), text -> text.endsWith("passes on the active version"));
        assertThat(page.find(By.id("kept-outcome")).getAttribute("data-scenario"))
                .isEqualTo("multichannel/kept-decisions.yaml#decision-" + decisionId);
        assertThat(KEPT).content().contains("decision-" + decisionId);
        page.screenshot("9-kept-as-scenario", page.find(By.id("scenarios")));
    }

    @Test
    @Order(7)
    void everySectionPassesAxeWithNothingSeriousOrCriticalAndTheSecurityPolicyRefusedNothing() throws IOException {
        page.open(workbench.toString());
        page.decide(RecommendationsResourceTest.resource("contract-example.json"));
        page.find(By.id("run-scenarios")).click();
        page.waitFor(By.id("scenario-summary"), text -> text.contains("passed"));
        page.holdToken();
        page.find(By.id("show-history")).click();
        page.wait(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("history")));
        page.script("document.getElementById('scenarios').scrollIntoView()");
        page.screenshot("8-scenarios");
        checkAccessibility("try a decision, scenarios and coverage, the history");

        assertThat(page.refusedByContentSecurityPolicy()).as("refused by the Content-Security-Policy").isEmpty();
    }

    /**
     * A first visit once the service has long finished starting (the first one above competes with its warm-up): a
     * new browser, with nothing cached.
     */
    @Test
    @Order(8)
    void aFirstVisitOnAWarmServiceIsMeasuredToo() throws IOException {
        try (WorkbenchPage newcomer = new WorkbenchPage(false)) {
            newcomer.open(workbench.toString());

            long first = newcomer.openTableTimed(TABLE_PATH);

            System.out.printf("[workbench] DMN editor drawn after the click: first visit %d ms (a new browser, the service"
                    + " warm; load average %s)%n", first, loadAverage());
            assertThat(newcomer.find(By.id("save-status")).getText()).isEqualTo("Opened " + TABLE_PATH);
        }
    }

    /** axe-core on the page as it is now: nothing serious or critical; every finding is printed. */
    private static void checkAccessibility(String where) throws IOException {
        List<String> violations = page.accessibilityViolations();
        System.out.println("[workbench] axe-core, " + where + ": " + (violations.isEmpty() ? "no findings" : violations));
        assertThat(violations).as("axe-core's findings with " + where)
                .noneMatch(finding -> finding.startsWith("serious ") || finding.startsWith("critical "));
    }

    /** Opens the table, sets a row's output cell and saves: the page's account of the save. */
    private static WebElement editAndSave(int row, String output) {
        page.openTableTimed(TABLE_PATH);
        page.editOutputCell(row, output);
        return page.save();
    }

    /** The scenario's outcome on the active version and on the candidate, in the review. */
    private static List<String> outcome(String scenario) {
        return page.findAll(By.cssSelector("#review-scenarios tr[data-scenario='" + scenario + "'] td")).stream()
                .map(cell -> cell.getText().strip()).toList();
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
