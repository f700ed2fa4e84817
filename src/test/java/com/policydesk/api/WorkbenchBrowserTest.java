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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench in a real browser (Debian's Chromium, headless, through /usr/bin/chromedriver): a policy author reads
 * the active version, edits a row of the Azure services table in the DMN editor, sees the scenario gate refuse it
 * with the failing scenario, edits again, sees it go live, and gets a different answer in "try a decision". Each
 * page is saved as a screenshot in target/workbench-screenshots/.
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
    private static final Path SHOTS = Path.of("target/workbench-screenshots");
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";

    private static WebDriver browser;
    private static Path profile;

    @TestHTTPResource("/workbench")
    URL workbench;

    private String originalTable;

    @BeforeAll
    static void startBrowser() throws IOException {
        assertThat(new File(CHROMEDRIVER).canExecute()).as("Chromium's driver (apt-get install chromium chromium-driver)").isTrue();
        profile = Files.createTempDirectory("policydesk-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
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
        browser.get(workbench.toString());
        String before = waitFor(By.id("active-version"), text -> text.startsWith("multichannel@"));
        screenshot("1-rules");

        decide();
        assertThat(codes()).doesNotContain("AZURE_SERVICES_NOT_IN_CSP");

        browser.findElement(By.cssSelector("[data-open='multichannel/AzureServicesInCsp.dmn']")).click();
        giveToken();
        editOutputCell(1, "false");
        screenshot("2-editor");
        WebElement refused = save();
        assertThat(refused.getAttribute("data-status")).isEqualTo("REJECTED");
        assertThat(browser.findElement(By.cssSelector("#save-report .failed-scenario")).getText())
                .contains("virtual-machines-stay-offered").contains("must not fire: AZURE_SERVICES_NOT_IN_CSP");
        screenshot("3-refused");

        Files.delete(PIN);
        editOutputCell(2, "false");
        WebElement accepted = save();
        assertThat(accepted.getAttribute("data-status")).isEqualTo("ACTIVATED");
        String after = waitFor(By.id("active-version"), text -> !text.equals(before));
        scrollTo(accepted);
        screenshot("4-live");

        decide();
        waitFor(By.id("decided-by"), after::equals);
        scrollTo(browser.findElement(By.id("decision")));
        screenshot("5-try-a-decision");
        assertThat(codes()).contains("AZURE_SERVICES_NOT_IN_CSP");
        assertThat(browser.findElements(By.cssSelector(".dmn-evaluation tr.matched")))
                .as((String) ((JavascriptExecutor) browser).executeScript("return JSON.stringify([state.decision.trace.decisions,"
                        + " state.ruleset.decisionTableRows.slice(0, 2)])")).isNotEmpty();

        browser.findElement(By.id("run-scenarios")).click();
        assertThat(waitFor(By.id("scenario-summary"), text -> text.contains("passed"))).contains("0 failed");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('scenarios').scrollIntoView()");
        screenshot("6-scenarios");
    }

    /** Decides the contract's example request, whose Azure plan uses Virtual Machines. */
    private void decide() {
        // Typing 1.5 KB of JSON key by key would only slow the test: the text is set, the button is clicked.
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                        + " document.getElementById('decision').replaceChildren()", browser.findElement(By.id("request")),
                RecommendationsResourceTest.resource("contract-example.json"));
        browser.findElement(By.id("decide")).click();
        wait(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#recommendations .card")));
    }

    private List<String> codes() {
        return browser.findElements(By.cssSelector("#recommendations .card")).stream()
                .map(card -> card.getAttribute("data-code")).toList();
    }

    private void giveToken() {
        WebElement input = wait(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
        input.sendKeys(CopiedRulesProfile.TOKEN);
        browser.findElement(By.id("token-ok")).click();
    }

    /**
     * Edits the output cell of a table row the way a person does, inside the editor's iframe: open the decision's
     * table from the diagram, double-click the cell, replace its text, and leave it with Tab (the first Tab takes
     * the editor's suggestion, when it shows one; the second leaves the cell).
     */
    private void editOutputCell(int row, String value) {
        WebDriverWait wait = wait(Duration.ofSeconds(30));
        WebElement frame = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dmn-editor-standalone")));
        scrollTo(frame);
        browser.switchTo().frame(frame);
        if (browser.findElements(By.cssSelector("td.data-cell")).isEmpty()) {
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("[data-testid='rf__node-#_decision_offered_in_csp']"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector(".kie-dmn-editor--edit-expression-node-panel .pf-v5-c-label"))).click();
        }
        // Four data cells a row: service, cloud, the output, the annotation.
        By cell = By.cssSelector("td.data-cell");
        wait.until(driver -> driver.findElements(cell).size() >= row * 4);
        WebElement output = browser.findElements(cell).get((row - 1) * 4 + 2);
        scrollTo(output);
        new Actions(browser).doubleClick(output).perform();
        wait.until(driver -> "textarea".equalsIgnoreCase(driver.switchTo().activeElement().getTagName()));
        new Actions(browser).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(value).perform();
        new Actions(browser).sendKeys(Keys.TAB).pause(Duration.ofMillis(200)).sendKeys(Keys.TAB).perform();
        wait.until(driver -> browser.findElements(cell).get((row - 1) * 4 + 2).getText().contains(value));
        browser.switchTo().defaultContent();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("save")));
    }

    /** Saves, and waits for the page to say what became of the save. */
    private WebElement save() {
        List<WebElement> previous = browser.findElements(By.id("save-outcome"));
        browser.findElement(By.id("save")).click();
        if (!previous.isEmpty()) {
            wait(Duration.ofSeconds(5)).until(ExpectedConditions.stalenessOf(previous.get(0)));
        }
        return wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.id("save-outcome")));
    }

    private String waitFor(By locator, java.util.function.Predicate<String> text) {
        return wait(Duration.ofSeconds(20)).until(driver -> {
            List<WebElement> found = driver.findElements(locator);
            return found.isEmpty() || !text.test(found.get(0).getText()) ? null : found.get(0).getText();
        });
    }

    /** Pointer actions need their target in view; the page and the editor scroll on their own. */
    private static void scrollTo(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    }

    private static WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
