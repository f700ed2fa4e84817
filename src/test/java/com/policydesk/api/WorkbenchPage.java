package com.policydesk.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench as a policy author uses it, in Debian's Chromium (headless, through /usr/bin/chromedriver): what the
 * browser test does with the page, in one place. Screenshots go to target/workbench-screenshots/. With
 * {@code -Dworkbench.trace=true}, Chromium records a performance trace (DevTools protocol, through chromedriver's
 * performance log) that {@link #saveTrace} writes in Chrome's trace format, for DevTools or Perfetto.
 */
final class WorkbenchPage implements AutoCloseable {
    static final Path SHOTS = Path.of("target/workbench-screenshots");
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final String CHROMIUM = "/usr/bin/chromium";
    /** axe-core, installed by the build's npm ci from the pinned lockfile (a devDependency: never served). */
    private static final Path AXE = Path.of("src/main/workbench/node_modules/axe-core/axe.min.js");
    private static final String TRACE_CATEGORIES = "devtools.timeline,v8,v8.execute,blink.user_timing,loading,"
            + "disabled-by-default-devtools.timeline,disabled-by-default-v8.cpu_profiler";
    /**
     * Installed before "Open in editor" is clicked: from the click to the frame's diagram showing its first node (React
     * Flow makes a node visible once it is measured and drawn), checked at every animation frame, so that the time
     * does not depend on how often the test asks.
     */
    private static final String EDITOR_OPEN_TIMER = """
            window.__editorOpenMs = null;
            arguments[0].addEventListener('click', () => {
              const clicked = performance.now();
              const drawn = () => {
                const frame = document.getElementById('dmn-editor-standalone');
                const node = frame && frame.contentDocument && frame.contentDocument.querySelector("[data-testid^='rf__node-']");
                if (node && frame.contentWindow.getComputedStyle(node).visibility === 'visible' && node.getBoundingClientRect().width > 0) {
                  window.__editorOpenMs = performance.now() - clicked;
                } else {
                  requestAnimationFrame(drawn);
                }
              };
              requestAnimationFrame(drawn);
            }, { capture: true, once: true });
            """;

    private final ChromeDriver browser;
    private final boolean tracing;

    WorkbenchPage(boolean tracing) throws IOException {
        assertThat(new File(CHROMEDRIVER).canExecute()).as("Chromium's driver (apt-get install chromium chromium-driver)").isTrue();
        this.tracing = tracing;
        Path profile = Files.createTempDirectory("policydesk-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        if (tracing) {
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", false, "enablePage", false,
                    "traceCategories", TRACE_CATEGORIES));
        }
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        Files.createDirectories(SHOTS);
    }

    @Override
    public void close() {
        browser.quit();
    }

    /** Opens the page, as a visit does, and waits for the active version. */
    String open(String url) {
        browser.get(url);
        return waitFor(By.id("active-version"), text -> text.contains("@"));
    }

    WebElement find(By locator) {
        return browser.findElement(locator);
    }

    List<WebElement> findAll(By locator) {
        return browser.findElements(locator);
    }

    Object script(String script, Object... arguments) {
        return browser.executeScript(script, arguments);
    }

    /** Decides the request (the contract's example unless given), and waits for its recommendations. */
    void decide(String request) {
        // Typing 1.5 KB of JSON key by key would only slow the test: the text is set, the button is clicked.
        browser.executeScript("arguments[0].value = arguments[1]; document.getElementById('decision').replaceChildren()",
                browser.findElement(By.id("request")), request);
        browser.findElement(By.id("decide")).click();
        wait(Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#recommendations .card")));
    }

    List<String> codes() {
        return browser.findElements(By.cssSelector("#recommendations .card")).stream()
                .map(card -> card.getAttribute("data-code")).toList();
    }

    /** Gives the admin token through the header's button unless the tab holds it already (it keeps it while open). */
    void holdToken() {
        if (browser.executeScript("return sessionStorage.getItem('policydesk.adminToken')") == null) {
            find(By.id("token-button")).click();
            giveToken();
        }
    }

    /** Keeps the admin token in the tab, as the page's dialog does. */
    void giveToken() {
        WebElement input = wait(Duration.ofSeconds(5)).until(ExpectedConditions.visibilityOfElementLocated(By.id("token-input")));
        input.sendKeys(CopiedRulesProfile.TOKEN);
        browser.findElement(By.id("token-ok")).click();
    }

    /** Opens the table in the editor (the tab holds the admin token) and returns how long the diagram took to show. */
    long openTableTimed(String path) {
        holdToken();
        WebElement button = find(By.cssSelector("[data-open='" + path + "']"));
        browser.executeScript(EDITOR_OPEN_TIMER, button);
        button.click();
        Object millis = wait(Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(100))
                .withMessage("the DMN editor's diagram did not show (give the admin token before opening a table)")
                .until(driver -> browser.executeScript("return window.__editorOpenMs"));
        return Math.round(((Number) millis).doubleValue());
    }

    /**
     * Edits the output cell of a table row the way a person does, inside the editor's iframe: open the decision's
     * table from the diagram, double-click the cell, replace its text, and leave it with Tab.
     * <p>
     * On a busy machine each step can be undone by the editor's timing: keys typed before the cell's FEEL editor is
     * ready are lost, the cell can leave edit mode before they arrive (focus taken by a late render), and a Tab
     * pressed while the editor shows a suggestion accepts the suggestion (which replaces the text: "true)" became
     * "true"). So each poll looks at where the edit stands and takes the next step (edit the cell again, type the
     * value again, close the suggestions, leave the cell) until the cell, left, shows the value.
     */
    void editOutputCell(int row, String value) {
        WebDriverWait wait = wait(Duration.ofSeconds(30));
        inEditor(() -> {
            if (browser.findElements(By.cssSelector("td.data-cell")).isEmpty()) {
                wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("[data-testid='rf__node-#_decision_offered_in_csp']"))).click();
                wait.until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector(".kie-dmn-editor--edit-expression-node-panel .pf-v5-c-label"))).click();
            }
            // Four data cells a row: service, cloud, the output, the annotation.
            By cells = By.cssSelector("td.data-cell");
            wait.until(driver -> driver.findElements(cells).size() >= row * 4);
            java.util.function.Supplier<WebElement> output = () -> browser.findElements(cells).get((row - 1) * 4 + 2);
            boolean[] typed = {false};
            wait(Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
                    .withMessage(() -> "the cell never kept '" + value + "': " + editingState(output.get()))
                    .until(driver -> {
                        WebElement cell = output.get();
                        boolean editing = isBeingEdited(cell);
                        if (!editing) {
                            if (typed[0] && cell.getText().contains(value)) {
                                return true;
                            }
                            scrollTo(cell);
                            new Actions(browser).doubleClick(cell).perform();
                        } else if (!value.equals(editorText(cell))) {
                            new Actions(browser).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(value).perform();
                            typed[0] = true;
                        } else if (suggestionsShown()) {
                            new Actions(browser).sendKeys(Keys.ESCAPE).perform();
                        } else {
                            new Actions(browser).sendKeys(Keys.TAB).perform();
                        }
                        return false;
                    });
        });
        wait(Duration.ofSeconds(30)).withMessage("the page's Save button did not become clickable after the edit")
                .until(ExpectedConditions.elementToBeClickable(By.id("save")));
    }

    /** Whether the FEEL editor shows its list of suggestions (a Tab would take the first). */
    private boolean suggestionsShown() {
        return Boolean.TRUE.equals(browser.executeScript(
                "return Array.from(document.querySelectorAll('.suggest-widget')).some(w => w.classList.contains('visible'))"));
    }

    /** Whether the focus is in a text editor inside the cell (the cell's FEEL editor is open and has the keys). */
    private boolean isBeingEdited(WebElement cell) {
        return Boolean.TRUE.equals(browser.executeScript("const focused = document.activeElement;"
                + " return focused !== null && focused.tagName === 'TEXTAREA' && arguments[0].contains(focused)", cell));
    }

    /** The text the cell's FEEL editor shows, or null when it shows none. */
    private String editorText(WebElement cell) {
        return cell.findElements(By.cssSelector(".view-lines")).stream()
                .map(lines -> lines.getText().replace('\u00a0', ' ')).findFirst().orElse(null);
    }

    /** For a failure's message: what the cell shows and where the focus is. */
    private String editingState(WebElement cell) {
        return "the cell's editor shows " + (editorText(cell) == null ? "nothing (not open)" : "'" + editorText(cell) + "'")
                + ", the focus is on " + browser.executeScript("const focused = document.activeElement;"
                + " return focused === null ? 'nothing' : focused.tagName + '.' + focused.className");
    }

    /** Runs the steps inside the editor's frame, and comes back to the page. */
    <T> T inEditor(java.util.function.Supplier<T> steps) {
        WebElement frame = wait(Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("dmn-editor-standalone")));
        scrollTo(frame);
        browser.switchTo().frame(frame);
        try {
            return steps.get();
        } finally {
            browser.switchTo().defaultContent();
        }
    }

    void inEditor(Runnable steps) {
        inEditor(() -> {
            steps.run();
            return null;
        });
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

    String waitFor(By locator, Predicate<String> text) {
        return wait(Duration.ofSeconds(20)).until(driver -> {
            List<WebElement> found = driver.findElements(locator);
            return found.isEmpty() || !text.test(found.get(0).getText()) ? null : found.get(0).getText();
        });
    }

    /** Pointer actions need their target in view; the page and the editor scroll on their own. */
    void scrollTo(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    }

    WebDriverWait wait(Duration timeout) {
        return new WebDriverWait(browser, timeout);
    }

    /** The viewport. */
    void screenshot(String name) throws IOException {
        capture(name, Map.of("format", "png"));
    }

    /** The element whole, beyond the viewport if it is taller. */
    void screenshot(String name, WebElement element) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Number> box = (Map<String, Number>) browser.executeScript("const r = arguments[0].getBoundingClientRect();"
                + " return {x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height};", element);
        capture(name, Map.of("format", "png", "captureBeyondViewport", true, "clip", Map.of("x", box.get("x"),
                "y", box.get("y"), "width", box.get("width"), "height", box.get("height"), "scale", 1)));
    }

    private void capture(String name, Map<String, Object> parameters) throws IOException {
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", parameters);
        Files.write(SHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
    }

    /**
     * Runs axe-core in the page (the editor's frame is the DMN editor's own markup: its frame element is checked, its
     * content is not) and returns its violations as "impact rule: help (targets)".
     */
    List<String> accessibilityViolations() throws IOException {
        if (Boolean.FALSE.equals(browser.executeScript("return typeof window.axe === 'object'"))) {
            browser.executeScript(Files.readString(AXE, StandardCharsets.UTF_8));
        }
        Object found = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { iframes: false, resultTypes: ['violations'] })
                  .then(result => done(result.violations.map(v => v.impact + ' ' + v.id + ': ' + v.help + ' ('
                    + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ') + ')')))
                  .catch(error => done(['error ' + error]));
                """);
        List<String> violations = new ArrayList<>();
        ((List<?>) found).forEach(violation -> violations.add(String.valueOf(violation)));
        return violations;
    }

    /** What the browser logged that a Content-Security-Policy refused, in the page or in the editor's frame. */
    List<String> refusedByContentSecurityPolicy() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")).toList();
    }

    /** Writes the performance trace recorded so far (only with tracing on); chromedriver hands it over once. */
    void saveTrace(Path file) throws IOException {
        if (!tracing) {
            return;
        }
        ObjectMapper json = new ObjectMapper();
        ArrayNode events = json.createArrayNode();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            // {"message": {"method": "Tracing.dataCollected", "params": {…one trace event…}}, "webview": "…"}
            JsonNode message = json.readTree(entry.getMessage()).path("message");
            if (message.path("method").asText().equals("Tracing.dataCollected")) {
                events.add(message.path("params"));
            }
        }
        json.writeValue(file.toFile(), json.createObjectNode().set("traceEvents", events));
    }
}
