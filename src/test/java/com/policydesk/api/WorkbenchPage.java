package com.policydesk.api;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench as a policy author uses it, in Debian's Chromium (headless, through /usr/bin/chromedriver): what the
 * browser tests do with the page, in one place. Screenshots go to target/workbench-screenshots/.
 */
final class WorkbenchPage implements AutoCloseable {
    private static final Path SHOTS = Path.of("target/workbench-screenshots");
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";

    private final WebDriver browser;

    WorkbenchPage() throws IOException {
        assertThat(new File(CHROMEDRIVER).canExecute()).as("Chromium's driver (apt-get install chromium chromium-driver)").isTrue();
        Path profile = Files.createTempDirectory("policydesk-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SHOTS);
    }

    @Override
    public void close() {
        browser.quit();
    }

    WebDriver browser() {
        return browser;
    }

    void open(String url) {
        browser.get(url);
    }

    WebElement find(By locator) {
        return browser.findElement(locator);
    }

    List<WebElement> findAll(By locator) {
        return browser.findElements(locator);
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    /** Decides the contract's example request, whose Azure plan uses Virtual Machines. */
    void decide() {
        // Typing 1.5 KB of JSON key by key would only slow the test: the text is set, the button is clicked.
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                        + " document.getElementById('decision').replaceChildren()", browser.findElement(By.id("request")),
                RecommendationsResourceTest.resource("contract-example.json"));
        browser.findElement(By.id("decide")).click();
        wait(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#recommendations .card")));
    }

    List<String> codes() {
        return browser.findElements(By.cssSelector("#recommendations .card")).stream()
                .map(card -> card.getAttribute("data-code")).toList();
    }

    void giveToken() {
        WebElement input = wait(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
        input.sendKeys(CopiedRulesProfile.TOKEN);
        browser.findElement(By.id("token-ok")).click();
    }

    /**
     * Edits the output cell of a table row the way a person does, inside the editor's iframe: open the decision's
     * table from the diagram, double-click the cell, replace its text, and leave it with Tab (the first Tab takes
     * the editor's suggestion, when it shows one; the second leaves the cell).
     */
    void editOutputCell(int row, String value) {
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
    WebElement save() {
        List<WebElement> previous = browser.findElements(By.id("save-outcome"));
        browser.findElement(By.id("save")).click();
        if (!previous.isEmpty()) {
            wait(Duration.ofSeconds(5)).until(ExpectedConditions.stalenessOf(previous.get(0)));
        }
        return wait(Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(By.id("save-outcome")));
    }

    String waitFor(By locator, java.util.function.Predicate<String> text) {
        return wait(Duration.ofSeconds(20)).until(driver -> {
            List<WebElement> found = driver.findElements(locator);
            return found.isEmpty() || !text.test(found.get(0).getText()) ? null : found.get(0).getText();
        });
    }

    /** Pointer actions need their target in view; the page and the editor scroll on their own. */
    void scrollTo(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    }

    WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }

    void screenshot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
