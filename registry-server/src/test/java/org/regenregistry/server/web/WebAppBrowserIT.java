package org.regenregistry.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.SearchIndexSupport;

/**
 * The web app in a real browser: Debian's Chromium driven through its chromedriver (no driver download), against the
 * whole registry on PostgreSQL and a real Elasticsearch node. Every page visited is checked with axe-core for WCAG 2.1
 * A and AA violations and for errors in the browser's console (a Content-Security-Policy refusal is one), and saved as
 * a screenshot.
 */
class WebAppBrowserIT extends SearchIndexSupport {

    private static final String SCRIPT_TITLE = "<script>window.injected=true</script>Escaped PRP trial <b>bold</b>";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ChromeDriver browser;

    private String scriptTrial;

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
    void trialsWithResultsAndAHostileTitle() {
        for (String result : List.of(
                "Observation-prp-knee-oa-result-womac-pain-lp-prp.json",
                "Observation-prp-knee-oa-result-womac-pain-comparison.json",
                "Observation-prp-knee-oa-result-other-adverse-events-lp-prp.json")) {
            client.update()
                    .resource((Observation) ExampleTrials.example(result))
                    .execute();
        }
        ResearchStudy hostile = ExampleTrials.newTrial("RR-WEB-SCRIPT");
        hostile.setTitle(SCRIPT_TITLE);
        scriptTrial = client.update()
                .resource(hostile.setId("web-script-title"))
                .execute()
                .getId()
                .getIdPart();
        awaitOutboxDrained();
    }

    @Test
    void aResearcherSearchesByConditionFiltersAndWalksBack() throws Exception {
        open("/?q=" + URLEncoder.encode("knee osteoarthritis", StandardCharsets.UTF_8));
        assertThat(cardIds()).contains("prp-knee-oa");
        assertThat(browser.findElements(By.cssSelector("form.sign-out")))
                .as("a public page offers no sign-out")
                .isEmpty();
        assertFacetCountsEqualTheApi("q=knee+osteoarthritis");
        screenshot("search");

        WebElement prp = browser.findElement(By.cssSelector("input[name=therapyFamily][value=prp]"));
        prp.click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("therapyFamily=prp"));
        assertThat(browser.findElement(By.cssSelector("input[name=therapyFamily][value=prp]"))
                        .isSelected())
                .isTrue();
        assertFacetCountsEqualTheApi("q=knee+osteoarthritis&therapyFamily=prp");
        assertThat(browser.getCurrentUrl()).doesNotContain("age=").doesNotContain("startFrom=");
        checkAccessibilityAndConsole();
        screenshot("search-filtered");

        browser.navigate().back();
        new WebDriverWait(browser, WAIT).until(driver -> !driver.getCurrentUrl().contains("therapyFamily"));
        assertThat(browser.findElement(By.cssSelector("input[name=therapyFamily][value=prp]"))
                        .isSelected())
                .isFalse();
        assertThat(cardIds()).contains("prp-knee-oa");
    }

    @Test
    void theBasicSearchWorksWithoutJavaScript() {
        ChromeOptions options = Browser.options();
        options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        ChromeDriver plain = new ChromeDriver(options);
        try {
            plain.get(root("?q=knee"));
            plain.findElement(By.cssSelector("input[name=therapyFamily][value=prp]"))
                    .click();
            plain.findElement(By.cssSelector(".filters button[type=submit]")).click();
            new WebDriverWait(plain, WAIT).until(ExpectedConditions.urlContains("therapyFamily=prp"));

            assertThat(plain.findElements(By.cssSelector("article.card")))
                    .extracting(card -> card.getAttribute("data-trial"))
                    .contains("prp-knee-oa");
            // the script, had it run, would have kept the empty age box out of the URL
            assertThat(plain.getCurrentUrl()).contains("age=");
        } finally {
            plain.quit();
        }
    }

    @Test
    void theFirstTabReachesTheSkipLinkWhichLeadsToTheContent() {
        open("/");
        new Actions(browser).sendKeys(Keys.TAB).perform();
        WebElement focused = browser.switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Skip to content");

        focused.sendKeys(Keys.ENTER);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("#main"));
    }

    @Test
    void resultsArePagedAndEveryPageIsALink() throws Exception {
        open("/?size=2&sort=title");
        long total = Long.parseLong(browser.findElement(By.id("total")).getText());
        assertThat(total).isGreaterThan(2);
        List<String> first = cardIds();
        assertThat(first).as(browser.getPageSource()).hasSize(2);

        browser.findElement(By.cssSelector("a[rel=next]")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("page=1"));
        List<String> second = cardIds();
        assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
        assertThat(second).isEqualTo(apiIds("size=2&sort=title&page=1"));
        checkAccessibilityAndConsole();

        browser.navigate().back();
        new WebDriverWait(browser, WAIT).until(driver -> !driver.getCurrentUrl().contains("page=1"));
        assertThat(cardIds()).isEqualTo(first);
    }

    @Test
    void aTrialPageShowsItsOutcomeChartSitesAndCitation() throws Exception {
        open("/trials/prp-knee-oa");
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo(client.read()
                        .resource(ResearchStudy.class)
                        .withId("prp-knee-oa")
                        .execute()
                        .getTitle());
        WebElement point = browser.findElement(By.cssSelector("figure.chart g.series[data-group='LP-PRP'] g.point"));
        JsonNode reported = JSON.readTree(fhir.anonymous()
                        .get(root("api/trials/prp-knee-oa/results"), "Accept", "application/json")
                        .body())
                .at("/measures/0/groups/0");
        double mean = reported.at("/value").asDouble();
        double sd = reported.at("/dispersion/standard-deviation").asDouble();
        double n = reported.at("/analysed").asDouble();
        assertThat(Double.parseDouble(point.getAttribute("data-value"))).isEqualTo(mean);
        assertThat(Double.parseDouble(point.getAttribute("data-low")))
                .isCloseTo(mean - 1.959964 * sd / Math.sqrt(n), offset(0.01));
        assertThat(browser.findElements(By.cssSelector("table.adverse-events tbody tr")))
                .isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("svg.map-svg g.pin"))).isNotEmpty();
        assertThat(browser.findElement(By.id("citation")).getText())
                .contains("NCT09000001")
                .contains("/trials/prp-knee-oa");
        checkAccessibilityAndConsole();
        screenshot("trial");
    }

    @Test
    void aTitleWithMarkupIsShownAsTextAndNeverRuns() throws Exception {
        open("/?q=Escaped");
        assertThat(browser.findElements(By.cssSelector("article.card h3 a")))
                .extracting(WebElement::getText)
                .contains(SCRIPT_TITLE);
        assertThat(browser.executeScript("return window.injected === undefined"))
                .isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("article.card h3 b"))).isEmpty();

        open("/trials/" + scriptTrial);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(SCRIPT_TITLE);
        assertThat(browser.executeScript("return window.injected === undefined"))
                .isEqualTo(true);
        checkAccessibilityAndConsole();

        HttpResponse<String> page = fhir.anonymous().get(root(""), "Accept", "text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval"));
    }

    @Test
    void pickedTrialsAreComparedSideBySide() throws Exception {
        open("/?sort=title");
        List<WebElement> picks = browser.findElements(By.cssSelector("input[form=compare][name=trial]"));
        String firstId = picks.get(0).getAttribute("value");
        String secondId = picks.get(1).getAttribute("value");
        picks.get(0).click();
        picks.get(1).click();
        browser.findElement(By.cssSelector("#compare button")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/compare"));

        assertThat(browser.findElements(By.cssSelector("table.compare thead a")))
                .extracting(link -> link.getAttribute("href"))
                .containsExactly(root("trials/" + firstId), root("trials/" + secondId));
        assertThat(browser.findElements(By.cssSelector("table.compare tbody th")))
                .extracting(WebElement::getText)
                .contains("Therapy", "Conditions", "Phase", "Planned enrolment", "Reported pain and function");
        checkAccessibilityAndConsole();
        screenshot("compare");
    }

    @Test
    void theResultListDownloadsAsCsvAndBadInputIsAPageNotAnError() throws Exception {
        HttpResponse<String> csv = fhir.anonymous().get(root("trials.csv?therapyFamily=prp"), "Accept", "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("id,title,therapy");
        assertThat(lines.subList(1, lines.size()))
                .extracting(line -> line.substring(0, line.indexOf(',')))
                .containsExactlyInAnyOrderElementsOf(apiIds("therapyFamily=prp&size=100"));

        HttpResponse<String> bad = fhir.anonymous().get(root("?age=old"), "Accept", "text/html");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("&#39;age&#39; must be a whole number");
        HttpResponse<String> missing = fhir.anonymous().get(root("trials/no-such-trial"), "Accept", "text/html");
        assertThat(missing.statusCode()).isEqualTo(404);
        open("/trials/no-such-trial");
        checkAccessibilityAndConsole();
    }

    private void open(String path) {
        browser.get(root(path.startsWith("/") ? path.substring(1) : path));
    }

    private List<String> cardIds() {
        return browser.findElements(By.cssSelector("article.card")).stream()
                .map(card -> card.getAttribute("data-trial"))
                .toList();
    }

    private List<String> apiIds(String query) throws IOException {
        JsonNode result = JSON.readTree(fhir.anonymous()
                .get(root("api/trials?" + query), "Accept", "application/json")
                .body());
        return StreamSupport.stream(result.at("/hits").spliterator(), false)
                .map(hit -> hit.at("/trial/id").asText())
                .toList();
    }

    /** Every count the side bar shows is the count {@code /api/trials} gives for the same search. */
    private void assertFacetCountsEqualTheApi(String query) throws IOException {
        JsonNode result = JSON.readTree(fhir.anonymous()
                .get(root("api/trials?" + query), "Accept", "application/json")
                .body());
        Map<String, Long> expected = new HashMap<>();
        result.at("/facets").fields().forEachRemaining(facet -> facet.getValue()
                .forEach(bucket -> expected.put(
                        facet.getKey() + "=" + bucket.at("/value").asText(),
                        bucket.at("/count").asLong())));
        Map<String, Long> shown = new HashMap<>();
        for (WebElement choice : browser.findElements(By.cssSelector("fieldset.facet .choice"))) {
            WebElement box = choice.findElement(By.tagName("input"));
            long count =
                    // choices folded under "more" are in the page but not rendered: read their text, not what is shown
                    Long.parseLong(choice.findElement(By.className("count"))
                            .getDomProperty("textContent")
                            .trim());
            if (count > 0) {
                shown.put(box.getAttribute("name") + "=" + box.getAttribute("value"), count);
            }
        }
        assertThat(shown).isEqualTo(expected);
        assertThat(Long.parseLong(browser.findElement(By.id("total")).getText()))
                .isEqualTo(result.at("/total").asLong());
    }

    private void checkAccessibilityAndConsole() throws IOException {
        Browser.checkAccessibilityAndConsole(browser, "/trials/no-such-trial - Failed to load resource");
    }

    private void screenshot(String name) throws IOException {
        Browser.screenshot(browser, name);
    }
}
