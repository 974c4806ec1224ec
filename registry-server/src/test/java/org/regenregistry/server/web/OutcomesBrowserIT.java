package org.regenregistry.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.GeneratedTrials;
import org.regenregistry.server.support.RegistryClientSupport;

/**
 * The outcomes in a real browser: a search's "pool their outcomes" link leads to the pooled analysis with its forest
 * plot, the same numbers {@code /api/analysis} gives; the options re-run it; a trial's page shows its arms' changes
 * from baseline as {@code /api/trials/{id}/outcomes} gives them to the public.
 */
class OutcomesBrowserIT extends RegistryClientSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORD = "forest" + Long.toString(System.nanoTime(), 36);

    private static ChromeDriver browser;
    private static String firstTrial;

    @BeforeAll
    static void startBrowser() {
        browser = new ChromeDriver(Browser.options());
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void trials() {
        ExampleTrials.ensureLoaded(client);
        if (firstTrial != null) {
            return;
        }
        Random random = new Random(15);
        LocalDate start = LocalDate.now().minusYears(2);
        for (int i = 0; i < 3; i++) {
            GeneratedTrials.Written written = GeneratedTrials.write(
                    client,
                    "PRP or saline for knee pain " + WORD + " " + i,
                    start,
                    15,
                    random,
                    new GeneratedTrials.Arm("PRP", "experimental", 12, -25),
                    new GeneratedTrials.Arm("Saline", "placebo-comparator", 12, -12));
            if (i == 0) {
                firstTrial = written.trial();
            }
        }
        GeneratedTrials.write(
                client,
                "Open-label PRP for knee pain " + WORD,
                start,
                15,
                random,
                new GeneratedTrials.Arm("PRP", "experimental", 12, -25));
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> api("api/analysis?q=" + WORD),
                        answer -> answer.at("/analysis/comparisons").size() == 3
                                && answer.at("/analysis/singleArm").size() == 1);
    }

    @Test
    void aSearchsOutcomesArePooledWithAForestPlot() throws Exception {
        open("/?q=" + WORD);
        browser.findElement(By.id("pool")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/analysis"));

        JsonNode pooled = api("api/analysis?q=" + WORD).at("/analysis/pooled");
        assertThat(browser.findElement(By.id("found")).getText()).isEqualTo("4");
        assertThat(browser.findElement(By.id("pooled-estimate")).getText())
                .startsWith(String.format(
                        Locale.ROOT,
                        "%.2f (95%% CI %.2f to %.2f)",
                        pooled.at("/estimate").asDouble(),
                        pooled.at("/ciLower").asDouble(),
                        pooled.at("/ciUpper").asDouble()));
        WebElement plot = browser.findElement(By.cssSelector("figure#forest svg"));
        for (int i = 0; i < 3; i++) {
            assertThat(plot.getAttribute("innerHTML")).contains("PRP or saline for knee pain " + WORD + " " + i);
        }
        assertThat(browser.findElements(By.cssSelector("#comparison-table tbody tr")))
                .hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#single-arm tbody tr"))).hasSize(1);
        Browser.checkAccessibilityAndConsole(browser);
        Browser.screenshot(browser, "analysis");

        new Select(browser.findElement(By.id("tau2"))).selectByValue("reml");
        browser.findElement(By.cssSelector("#analysis-options button")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("tau2=reml"));
        assertThat(browser.findElement(By.id("pooled")).getText()).contains("REML τ²");
        assertThat(browser.getCurrentUrl()).contains("q=" + WORD);
    }

    @Test
    void aTrialPageShowsItsArmsChangesFromBaseline() throws Exception {
        open("/trials/" + firstTrial);
        JsonNode outcomes = api("api/trials/" + firstTrial + "/outcomes");
        JsonNode arms = outcomes.at("/instruments/0/arms");
        for (JsonNode arm : arms) {
            for (JsonNode point : arm.at("/timePoints")) {
                if (!point.at("/timePoint").asText().equals("6mo")) {
                    continue;
                }
                WebElement row = browser.findElement(By.cssSelector(
                        "table.changes tr[data-arm='" + arm.at("/arm").asText() + "'][data-time='6mo']"));
                assertThat(row.findElement(By.cssSelector("td.change")).getText())
                        .startsWith(String.format(
                                Locale.ROOT, "%.2f [", point.at("/change/mean").asDouble()));
            }
        }
        assertThat(browser.findElements(By.cssSelector("table.changes tr[data-time='6mo']")))
                .hasSize(2);
        Browser.checkAccessibilityAndConsole(browser);
        Browser.screenshot(browser, "trial-changes");
    }

    private void open(String path) {
        browser.get(root(path.substring(1)));
    }

    private JsonNode api(String path) throws IOException {
        return JSON.readTree(
                fhir.anonymous().get(root(path), "Accept", "application/json").body());
    }
}
