package org.regenregistry.ctgov;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API client against a stub of ClinicalTrials.gov's {@code /studies}, serving real records page by page. */
class CtgovApiIT {

    private static final Map<String, String> SEARCH =
            Map.of("query.cond", "low back pain", "query.intr", "platelet rich plasma");

    private final WireMockServer api = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    @Test
    void aSearchFollowsItsPagesWithTheQueryAsked() throws Exception {
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .withQueryParam("query.cond", WireMock.equalTo("low back pain"))
                .withQueryParam("pageToken", WireMock.absent())
                .willReturn(okJson(page("NCT00000410", "NCT03784144")
                        .put("nextPageToken", "NF0g5JGBlPMu")
                        .toString())));
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .withQueryParam("pageToken", WireMock.equalTo("NF0g5JGBlPMu"))
                .willReturn(okJson(page("NCT05326594").toString())));

        List<StudyRecords.Item> items = search(Duration.ofMillis(10));

        assertThat(items).extracting(StudyRecords.Item::source).containsExactly("page 1 #1", "page 1 #2", "page 2 #1");
        assertThat(items.get(2)
                        .study()
                        .at("/protocolSection/identificationModule/nctId")
                        .asText())
                .isEqualTo("NCT05326594");
        api.verify(
                2,
                getRequestedFor(urlPathEqualTo("/api/v2/studies"))
                        .withQueryParam("query.intr", WireMock.equalTo("platelet rich plasma"))
                        .withQueryParam("pageSize", WireMock.equalTo("100"))
                        .withQueryParam("format", WireMock.equalTo("json")));
    }

    @Test
    void tooManyRequestsWaitsAsRetryAfterSays() throws Exception {
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .inScenario("rate limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
                .willSetStateTo("waited"));
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .inScenario("rate limit")
                .whenScenarioStateIs("waited")
                .willReturn(okJson(page("NCT00000410").toString())));

        long started = System.nanoTime();
        List<StudyRecords.Item> items = search(Duration.ofMillis(10));

        assertThat(items).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void requestsAreSpacedByTheInterval() throws Exception {
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .withQueryParam("pageToken", WireMock.absent())
                .willReturn(
                        okJson(page("NCT00000410").put("nextPageToken", "next").toString())));
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .withQueryParam("pageToken", WireMock.equalTo("next"))
                .willReturn(okJson(page("NCT03784144").toString())));

        long started = System.nanoTime();
        search(Duration.ofMillis(700));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void anyOtherErrorEndsTheSearchWithClinicalTrialsGovsMessage() {
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .willReturn(aResponse().withStatus(400).withBody("unknown field in query.cond")));

        assertThatThrownBy(() -> search(Duration.ofMillis(10)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("ClinicalTrials.gov answered 400 to ")
                .hasMessageEndingWith(": unknown field in query.cond");
    }

    @Test
    void onlyTheApisSearchParametersAreTaken() {
        assertThatThrownBy(() -> CtgovApi.requireSearch(Map.of("pageToken", "x")))
                .hasMessageStartingWith("'pageToken' is not a ClinicalTrials.gov search parameter");
        assertThatThrownBy(() -> CtgovApi.requireSearch(Map.of()))
                .hasMessage("A search needs at least one query.* or filter.* parameter");
    }

    private List<StudyRecords.Item> search(Duration interval) throws Exception {
        List<StudyRecords.Item> items = new ArrayList<>();
        new CtgovApi(URI.create(api.baseUrl() + "/api/v2"), interval).search(SEARCH, items::add);
        return items;
    }

    private static ObjectNode page(String... nctIds) {
        ObjectNode page = Fixtures.JSON.createObjectNode();
        ArrayNode studies = page.putArray("studies");
        for (String nctId : nctIds) {
            studies.add(Fixtures.study("labelled", nctId));
        }
        return page;
    }
}
