package com.policydesk.api;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench in a real browser (Debian's Chromium, headless, through /usr/bin/chromedriver): a policy author reads
 * the active version, edits a row of the Azure services table in the DMN editor, sees the scenario gate refuse it
 * with the failing scenario, edits again, sees it go live, and gets a different answer in "try a decision". Each
 * page is saved as a screenshot in target/workbench-screenshots/ ({@link WorkbenchPage}).
 */
@QuarkusTest
@TestProfile(CopiedRulesProfile.class)
class WorkbenchBrowserTest {
    private static final Path RULES = Path.of(ConfigProvider.getConfig().getValue("policydesk.rules.dir", String.class));
    private static final Path SCENARIOS = Path.of(ConfigProvider.getConfig().getValue("policydesk.scenarios.dir", String.class));
    private static final Path TABLE = RULES.resolve("multichannel/AzureServicesInCsp.dmn");
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
    private static WorkbenchPage page;

    @TestHTTPResource("/workbench")
    URL workbench;

    private String originalTable;

    @BeforeAll
    static void startBrowser() throws IOException {
        page = new WorkbenchPage();
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

    @AfterEach
    void restore() throws IOException {
        Files.writeString(TABLE, originalTable);
        Files.deleteIfExists(PIN);
        given().header("Authorization", "Bearer " + CopiedRulesProfile.TOKEN).post("/api/v1/admin/ruleset/reload")
                .then().statusCode(200);
    }

    @Test
    void aTableEditRefusedByTheGateShowsItsScenarioAndAnAcceptedOneChangesTheAnswer() throws IOException {
        Files.writeString(PIN, PINNED);
        page.open(workbench.toString());
        String before = page.waitFor(By.id("active-version"), text -> text.startsWith("multichannel@"));
        page.screenshot("1-rules");

        page.decide();
        assertThat(page.codes()).doesNotContain("AZURE_SERVICES_NOT_IN_CSP");

        page.find(By.cssSelector("[data-open='multichannel/AzureServicesInCsp.dmn']")).click();
        page.giveToken();
        page.editOutputCell(1, "false");
        page.screenshot("2-editor");
        WebElement refused = page.save();
        assertThat(refused.getAttribute("data-status")).isEqualTo("REJECTED");
        assertThat(page.find(By.cssSelector("#save-report .failed-scenario")).getText())
                .contains("virtual-machines-stay-offered").contains("must not fire: AZURE_SERVICES_NOT_IN_CSP");
        page.screenshot("3-refused");

        Files.delete(PIN);
        page.editOutputCell(2, "false");
        WebElement accepted = page.save();
        assertThat(accepted.getAttribute("data-status")).isEqualTo("ACTIVATED");
        String after = page.waitFor(By.id("active-version"), text -> !text.equals(before));
        page.scrollTo(accepted);
        page.screenshot("4-live");

        page.decide();
        page.waitFor(By.id("decided-by"), after::equals);
        page.scrollTo(page.find(By.id("decision")));
        page.screenshot("5-try-a-decision");
        assertThat(page.codes()).contains("AZURE_SERVICES_NOT_IN_CSP");
        assertThat(page.findAll(By.cssSelector(".dmn-evaluation tr.matched")))
                .as((String) page.script("return JSON.stringify([state.decision.trace.decisions,"
                        + " state.ruleset.decisionTableRows.slice(0, 2)])")).isNotEmpty();

        page.find(By.id("run-scenarios")).click();
        assertThat(page.waitFor(By.id("scenario-summary"), text -> text.contains("passed"))).contains("0 failed");
        page.script("document.getElementById('scenarios').scrollIntoView()");
        page.screenshot("6-scenarios");
    }
}
