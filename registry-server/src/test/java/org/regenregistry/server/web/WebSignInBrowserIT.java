package org.regenregistry.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.regenregistry.profiles.CoreExtensions;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.OutcomePackages;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.ScheduledTrials;
import org.regenregistry.server.support.SecurityClientsInitializer;

/**
 * People sign in to the web app in a real browser: OpenID Connect with the authorization code and PKCE at the built-in
 * issuer, its sign-in form checked against {@code registry.security.people} ({@link SecurityClientsInitializer}:
 * a regulator and site st-olaf's staff). A regulator works the submissions queue and reads a submission's verification and the
 * access history; a site sees its own submissions and sync runs and is refused the regulator's pages.
 */
class WebSignInBrowserIT extends RegistryClientSupport {

    private static final String RECORD_SYSTEM = "https://st-olaf.example.org/observations";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChromeDriver browser;
    private String trial;
    private String submission;

    @BeforeEach
    void aSubmissionOfAScheduledTrial() {
        ExampleTrials.ensureLoaded(client);
        FhirHttp stOlaf = fhir.as(SecurityClientsInitializer.SITE_STAFF);
        LocalDate start = LocalDate.now(ZoneOffset.UTC).minusMonths(9).withDayOfMonth(1);
        LocalDate end = start.plusMonths(3).minusDays(1);
        ResearchStudy study = ScheduledTrials.quarterly("RR-WEB-", start);
        trial = stOlaf.client()
                .create()
                .resource(study)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        String patient = stOlaf.client()
                .create()
                .resource(new Patient().setActive(true))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        Observation score = painScore(patient, 6);
        score.addExtension(CoreExtensions.RESEARCH_STUDY, new Reference(trial));
        score.addIdentifier().setSystem(RECORD_SYSTEM).setValue("web-" + new IdType(trial).getIdPart());
        HttpResponse<String> receipt = stOlaf.post(
                "$submit-outcome",
                FhirHttp.FHIR_JSON,
                OutcomePackages.signed(
                        OutcomePackages.unsigned(trial, start, end, null, score),
                        SecurityClientsInitializer.SITE_SIGNER));
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        submission = fhir.parse(Parameters.class, receipt.body())
                .getParameter("submission")
                .getValue()
                .primitiveValue();
        browser = new ChromeDriver(Browser.options());
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void aRegulatorSignsInAndWorksTheQueue() throws IOException {
        open("regulator?trial=" + new IdType(trial).getIdPart());
        signIn(SecurityClientsInitializer.REGULATOR_PERSON);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/regulator"));

        assertThat(browser.findElement(By.id("person")).getText())
                .isEqualTo(SecurityClientsInitializer.REGULATOR_PERSON);
        assertThat(browser.findElements(By.cssSelector("#queue tbody tr")))
                .extracting(row -> row.getAttribute("data-submission"))
                .containsExactly(submission);
        assertThat(browser.findElements(By.cssSelector("#overdue tbody tr"))).isNotEmpty();
        Browser.checkAccessibilityAndConsole(browser);
        Browser.screenshot(browser, "regulator");

        browser.findElement(By.cssSelector("#queue tbody tr a")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/regulator/submissions/" + submission));
        assertThat(browser.findElement(By.id("verification")).getText()).startsWith("Intact");
        assertThat(browser.findElement(By.id("review-state")).getText()).isEqualTo("requested");
        Browser.checkAccessibilityAndConsole(browser);
        Browser.screenshot(browser, "submission");

        open("regulator/audit?trial=" + trial);
        assertThat(browser.findElements(By.cssSelector("#events tbody tr")))
                .extracting(row ->
                        row.findElement(By.cssSelector("td:nth-child(2)")).getText())
                .contains(SecurityClientsInitializer.SITE_STAFF);
        browser.findElement(By.id("verify-chain")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("chain")));
        assertThat(browser.findElement(By.id("chain")).getText()).startsWith("Intact");
        Browser.checkAccessibilityAndConsole(browser);

        JsonNode viewed = JSON.readTree(fhir.as(SecurityClientsInitializer.REGULATOR)
                .get(
                        root("api/audit/events?limit=100&client=" + SecurityClientsInitializer.REGULATOR_PERSON),
                        "Accept",
                        "application/json")
                .body());
        assertThat(viewed)
                .as("each page rita viewed is in the audit trail under her name and role")
                .extracting(event ->
                        event.at("/role").asText() + " " + event.at("/path").asText())
                .contains(
                        "regulator /regulator",
                        "regulator /regulator/submissions/" + submission,
                        "regulator /regulator/audit");

        browser.findElement(By.cssSelector("form.sign-out button")).click();
        new WebDriverWait(browser, WAIT).until(driver -> driver.getCurrentUrl().equals(root("")));
        open("regulator");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/sign-in"));
    }

    @Test
    void aSiteSeesItsOwnSubmissionsAndSyncRunsButNotTheRegulatorsPages() throws IOException {
        open("site");
        signIn(SecurityClientsInitializer.SITE_PERSON);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/site"));

        assertThat(browser.findElement(By.id("site")).getText()).isEqualTo(SecurityClientsInitializer.SITE);
        assertThat(browser.findElements(By.cssSelector("#submissions tbody tr")))
                .extracting(row -> row.getAttribute("data-submission"))
                .contains(submission);
        Browser.checkAccessibilityAndConsole(browser);
        Browser.screenshot(browser, "site");

        open("site/sync-runs");
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(SecurityClientsInitializer.SITE);
        Browser.checkAccessibilityAndConsole(browser);

        open("regulator");
        assertThat(browser.findElements(By.tagName("h1")))
                .as(browser.getPageSource())
                .extracting(WebElement::getText)
                .singleElement()
                .asString()
                .contains("403");
    }

    @Test
    void aWrongPasswordIsRefusedAndTheFormNeedsItsCsrfToken() throws IOException {
        open("regulator");
        signIn(SecurityClientsInitializer.REGULATOR_PERSON, "not-her-password");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("failed"));
        assertThat(browser.findElement(By.id("sign-in-failed")).getText()).contains("not right");
        Browser.checkAccessibilityAndConsole(browser);
        Browser.screenshot(browser, "sign-in");

        HttpResponse<String> forged = fhir.anonymous()
                .post(
                        root("sign-in"),
                        "application/x-www-form-urlencoded",
                        "username=" + SecurityClientsInitializer.REGULATOR_PERSON + "&password="
                                + SecurityClientsInitializer.PASSWORDS.get(
                                        SecurityClientsInitializer.REGULATOR_PERSON));
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    private void open(String path) {
        browser.get(root(path));
    }

    private void signIn(String name) {
        signIn(name, SecurityClientsInitializer.PASSWORDS.get(name));
    }

    private void signIn(String name, String password) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlContains("/sign-in"));
        WebElement form = browser.findElement(By.cssSelector("form.sign-in"));
        form.findElement(By.id("username")).sendKeys(name);
        form.findElement(By.id("password")).sendKeys(password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
    }
}
