package org.regenregistry.ehr.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.http.SiteUnavailableException;

/**
 * Polling vital signs from an Epic-like EHR (WireMock stubs under {@code wiremock/epic}, FHIR base
 * {@code /api/FHIR/R4}, three pages of two) through SMART Backend Services and the resilient transport.
 */
class EpicPollingIT {

    private static final String BASE = "/api/FHIR/R4";
    private static final String SCOPE = "system/Patient.rs system/Observation.rs";
    private static final Instant FIRST_PAGE_TIME = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant OLD_MARK = Instant.parse("2026-11-20T08:00:00Z");
    private static final PollQuery VITAL_SIGNS = PollQuery.of("Observation").with("category", "vital-signs");
    private static final List<String> ALL =
            List.of("Observation/hr-1", "Observation/hr-2", "Observation/hr-3", "Observation/hr-4", "Observation/hr-5");

    private final WireMockServer ehr =
            new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/epic"));
    private final CollectingSink sink = new CollectingSink();
    private SiteUnderTest site;

    @BeforeEach
    void start() throws Exception {
        ehr.start();
        site = new SiteUnderTest("epic-a", ehr, BASE, SCOPE);
    }

    @AfterEach
    void stop() {
        ehr.stop();
    }

    @Test
    void threePagesAreReadTheMarkIsTheFirstPagesTimeAndTheNextPollAsksFromItMinusTheOverlap() throws Exception {
        ehr.stubFor(get(urlPathEqualTo(BASE + "/Observation"))
                .atPriority(1)
                .withQueryParam("_lastUpdated", equalTo("gt2026-11-24T09:58:00Z"))
                .willReturn(okJson(Bundles.searchset("2026-11-24T10:00:10Z", null))));

        PollResult first = site.poller.poll(VITAL_SIGNS, sink);
        PollResult second = site.poller.poll(VITAL_SIGNS, sink);

        assertThat(sink.matches()).containsExactlyElementsOf(ALL);
        assertThat(sink.includes()).containsExactly("Patient/p-1");
        assertThat(first.pages()).isEqualTo(3);
        assertThat(first.resources()).isEqualTo(5);
        assertThat(first.issues()).singleElement().satisfies(issue -> assertThat(issue.message())
                .contains("restricted encounters"));
        assertThat(first.mark()).contains(FIRST_PAGE_TIME);
        assertThat(second.since()).contains(FIRST_PAGE_TIME.minus(Duration.ofMinutes(2)));
        assertThat(second.resources()).isZero();
        assertThat(site.marks.get("epic-a", "Observation")).contains(Instant.parse("2026-11-24T10:00:10Z"));
        ehr.verify(1, observations().withQueryParam("_lastUpdated", equalTo("gt2026-11-24T09:58:00Z")));
    }

    @Test
    void aTokenRevokedBetweenPagesIsRenewedAndNothingIsReadTwice() throws Exception {
        ehr.stubFor(get(urlPathEqualTo(BASE))
                .atPriority(1)
                .withQueryParam("_getpagesoffset", equalTo("2"))
                .inScenario("revoked")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401))
                .willSetStateTo("renewed"));

        PollResult result = site.poller.poll(VITAL_SIGNS, sink);

        assertThat(sink.matches()).containsExactlyElementsOf(ALL);
        assertThat(result.mark()).contains(FIRST_PAGE_TIME);
        ehr.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        ehr.verify(1, observations());
        ehr.verify(2, page(2));
        ehr.verify(1, page(4));
        assertThat(authorization(page(4))).isNotEqualTo(authorization(observations()));
    }

    @Test
    void aTokenExpiringBetweenPagesIsRenewedBeforeTheNextPage() throws Exception {
        PollResult result = site.poller.poll(VITAL_SIGNS, (resource, included) -> {
            sink.accept(resource, included);
            if (resource.getIdElement().getIdPart().equals("hr-2")) {
                site.clock.advance(Duration.ofSeconds(250));
            }
        });

        assertThat(sink.matches()).containsExactlyElementsOf(ALL);
        assertThat(result.pages()).isEqualTo(3);
        ehr.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        ehr.verify(1, observations());
        ehr.verify(1, page(2));
        assertThat(authorization(page(2))).isNotEqualTo(authorization(observations()));
    }

    @Test
    void aThrottledPageIsRetriedAfterTheRetryAfterDelay() throws Exception {
        ehr.stubFor(get(urlPathEqualTo(BASE))
                .atPriority(1)
                .withQueryParam("_getpagesoffset", equalTo("2"))
                .inScenario("throttled")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2"))
                .willSetStateTo("calm"));

        PollResult result = site.poller.poll(VITAL_SIGNS, sink);

        assertThat(site.sleeper.waits()).containsExactly(Duration.ofSeconds(2));
        assertThat(result.resources()).isEqualTo(5);
        assertThat(result.mark()).contains(FIRST_PAGE_TIME);
        ehr.verify(2, page(2));
    }

    @Test
    void aStormOf503OpensTheCircuitWhichFailsFastThenClosesAfterATrialRequest() throws Exception {
        StubMapping storm = ehr.stubFor(get(urlPathEqualTo(BASE + "/Observation"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));
        for (int poll = 0; poll < SiteUnderTest.POLICY.failureThreshold(); poll++) {
            assertThatThrownBy(() -> site.poller.poll(VITAL_SIGNS, sink)).hasMessageContaining("answered 503");
        }
        int requestsBefore = ehr.getAllServeEvents().size();

        assertThatThrownBy(() -> site.poller.poll(VITAL_SIGNS, sink))
                .isInstanceOf(SiteUnavailableException.class)
                .hasMessageContaining(ehr.baseUrl() + BASE);

        assertThat(ehr.getAllServeEvents()).hasSize(requestsBefore);
        ehr.verify(SiteUnderTest.POLICY.failureThreshold() * SiteUnderTest.POLICY.maxAttempts(), observations());
        ehr.removeStub(storm);
        site.clock.advance(SiteUnderTest.POLICY.openDuration());
        PollResult recovered = site.poller.poll(VITAL_SIGNS, sink);
        assertThat(recovered.pages()).isEqualTo(3);
        assertThat(site.marks.get("epic-a", "Observation")).contains(FIRST_PAGE_TIME);
    }

    @Test
    void aPageThatKeepsFailingLeavesTheMarkUnchanged() {
        site.marks.advance("epic-a", "Observation", OLD_MARK);
        ehr.stubFor(get(urlPathEqualTo(BASE))
                .atPriority(1)
                .withQueryParam("_getpagesoffset", equalTo("2"))
                .willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> site.poller.poll(VITAL_SIGNS, sink))
                .isInstanceOf(PollException.class)
                .hasMessageContaining("stopped at page 2");

        assertThat(site.marks.get("epic-a", "Observation")).contains(OLD_MARK);
        assertThat(sink.matches()).containsExactly("Observation/hr-1", "Observation/hr-2");
        ehr.verify(SiteUnderTest.POLICY.maxAttempts(), page(2));
        ehr.verify(0, page(4));
    }

    @Test
    void aNextLinkToAnotherHostIsRefusedAndNotFollowed() {
        String otherHost = ehr.baseUrl().replace("localhost", "127.0.0.1");
        ehr.stubFor(get(urlPathEqualTo(BASE + "/Observation"))
                .atPriority(1)
                .willReturn(okJson(Bundles.searchset(
                        "2026-11-24T10:00:00Z",
                        otherHost + BASE + "?_getpages=vitals-1&_getpagesoffset=2&_count=2",
                        Bundles.observation("hr-1", "2026-11-23T08:10:00Z")))));

        assertThatThrownBy(() -> site.poller.poll(VITAL_SIGNS, sink))
                .isInstanceOf(PollException.class)
                .hasMessageContaining("outside the site's FHIR base");

        ehr.verify(0, page(2));
        assertThat(site.marks.get("epic-a", "Observation")).isEmpty();
    }

    private static RequestPatternBuilder observations() {
        return getRequestedFor(urlPathEqualTo(BASE + "/Observation"));
    }

    private static RequestPatternBuilder page(int offset) {
        return getRequestedFor(urlPathEqualTo(BASE)).withQueryParam("_getpagesoffset", equalTo(String.valueOf(offset)));
    }

    /** The Authorization header of the last request matching the pattern. */
    private String authorization(RequestPatternBuilder pattern) {
        List<LoggedRequest> requests = ehr.findAll(pattern);
        return requests.get(requests.size() - 1).getHeader("Authorization");
    }
}
