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
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With manual activation, a table edit saved in the workbench waits as the pending candidate, with its impact and a
 * Publish button; CRM callers get the old answers until the policy author publishes it, then the new ones.
 */
@QuarkusTest
@TestProfile(WorkbenchPublishBrowserTest.ManualActivation.class)
class WorkbenchPublishBrowserTest {
    private static final Path TABLE = Path.of(ConfigProvider.getConfig().getValue("policydesk.rules.dir", String.class))
            .resolve("multichannel/AzureServicesInCsp.dmn");
    private static WorkbenchPage page;

    @TestHTTPResource("/workbench")
    URL workbench;

    private String originalTable;

    /** The copied rules, with changes waiting for an operator to publish them. */
    public static class ManualActivation extends CopiedRulesProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("policydesk.reload.activation", "manual");
            return overrides;
        }
    }

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
        given().header("Authorization", "Bearer " + CopiedRulesProfile.TOKEN).post("/api/v1/admin/ruleset/reload")
                .then().statusCode(200);
    }

    @Test
    void aSavedEditWaitsAsPendingWithItsImpactAndChangesTheAnswerOnlyOncePublished() throws IOException {
        page.open(workbench.toString());
        String before = page.waitFor(By.id("active-version"), text -> text.startsWith("multichannel@"));
        page.decide();
        assertThat(page.codes()).doesNotContain("AZURE_SERVICES_NOT_IN_CSP");

        page.find(By.cssSelector("[data-open='multichannel/AzureServicesInCsp.dmn']")).click();
        page.giveToken();
        page.editOutputCell(1, "false");
        WebElement saved = page.save();
        assertThat(saved.getAttribute("data-status")).isEqualTo("PENDING");
        WebElement publish = page.wait(java.time.Duration.ofSeconds(30))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.elementToBeClickable(By.id("publish")));
        assertThat(page.find(By.id("pending")).getText()).contains("Pending candidate").contains("Replayed");
        page.scrollTo(publish);
        page.screenshot("7-pending");

        page.decide();
        assertThat(page.codes()).as("nothing changes for callers before publishing").doesNotContain("AZURE_SERVICES_NOT_IN_CSP");
        assertThat(page.find(By.id("decided-by")).getText()).isEqualTo(before);

        publish.click();
        String after = page.waitFor(By.id("active-version"), text -> !text.equals(before));
        page.decide();
        page.waitFor(By.id("decided-by"), after::equals);
        assertThat(page.codes()).contains("AZURE_SERVICES_NOT_IN_CSP");
        page.screenshot("8-published");
    }
}
