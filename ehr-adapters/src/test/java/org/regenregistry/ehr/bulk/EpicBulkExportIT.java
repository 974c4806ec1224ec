package org.regenregistry.ehr.bulk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bulk Data export against an Epic-like EHR stub (WireMock, real HTTP, real SMART Backend Services token flow). */
class EpicBulkExportIT {

    private static final String BASE_PATH = "/api/FHIR/R4";
    private static final String STATUS = BASE_PATH + "/BulkRequest/B0A9F1C3";
    private static final String SCOPE = "system/Group.rs system/Patient.rs system/Condition.rs system/Observation.rs";
    private static final BulkExportRequest REQUEST =
            BulkExportRequest.group("eIscQb2HmqkT.aPxBKDR1mIQ3").withTypes("Patient", "Condition", "Observation");

    private final WireMockServer ehr =
            new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/bulk-epic"));
    private final FakeTime time = new FakeTime(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<Resource> delivered = new CopyOnWriteArrayList<>();
    private final List<String> progress = new ArrayList<>();
    private HttpClient http;
    private BulkExportClient client;

    @BeforeEach
    void start() throws Exception {
        ehr.start();
        http = HttpClient.newHttpClient();
        client = client(BulkExportSettings.defaults());
    }

    @AfterEach
    void stop() {
        ehr.stop();
    }

    @Test
    void aGroupExportIsPolledAsTheEhrAsksAndEveryFileIsDeliveredThenDeleted() throws Exception {
        BulkExportResult result = client.export(REQUEST, delivered::add, progress::add);

        assertThat(progress)
                .containsExactly("Searching Patient resources (1 of 3)", "Writing Observation resources (3 of 3)");
        assertThat(time.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(result.transactionTime()).isEqualTo(Instant.parse("2026-11-24T09:58:00Z"));
        assertThat(result.resourcesPerType())
                .containsOnly(entry("Patient", 3L), entry("Condition", 2L), entry("Observation", 4L));
        assertThat(delivered)
                .extracting(resource ->
                        resource.fhirType() + "/" + resource.getIdElement().getIdPart())
                .containsExactly(
                        "Patient/eq081-VQEgP8drUUqCWzHfw3",
                        "Patient/eAB3mDIBBcyUKviyzrxsnAw3",
                        "Patient/erXuFYUfucBZaryVksYEcMg3",
                        "Condition/eRYm8tQ1ZkVYXyz0Hd3Aqfg3",
                        "Condition/eT4pqSvO9xUyQ1N1bGzX5jQ3",
                        "Observation/eObs1",
                        "Observation/eObs2",
                        "Observation/eObs3",
                        "Observation/eObs4");
        assertThat(result.skippedLines()).isEmpty();
        assertThat(result.errors())
                .extracting(ExportIssue::severity, ExportIssue::code, ExportIssue::diagnostics)
                .containsExactly(
                        tuple(
                                "error",
                                "processing",
                                "Observations of Patient/erXuFYUfucBZaryVksYEcMg3 could not be exported: chart locked"),
                        tuple("warning", "too-costly", "Condition history before 2010 is not part of Bulk exports"));
        assertThat(result.errors())
                .allSatisfy(issue -> assertThat(issue.file().getPath()).isEqualTo(STATUS + "/error-1.ndjson"));
        ehr.verify(
                4,
                getRequestedFor(urlPathMatching(STATUS + "/.*\\.ndjson"))
                        .withHeader("Authorization", matching("Bearer token-.+")));
        ehr.verify(1, deleteRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aMalformedLineInTheMiddleOfAFileIsReportedAndEveryOtherLineDelivered() throws Exception {
        String observations = new String(
                getClass()
                        .getResourceAsStream("/wiremock/bulk-epic/__files/observation-1.ndjson")
                        .readAllBytes(),
                StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(observations.lines().toList());
        lines.add(2, "{\"resourceType\":\"Observation\",\"id\":\"eObsBroken\",\"status\":\"fin");
        ehr.stubFor(get(urlEqualTo(STATUS + "/observation-1.ndjson"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/fhir+ndjson")
                        .withBody(String.join("\n", lines) + "\n")));

        BulkExportResult result = client.export(REQUEST, delivered::add, progress::add);

        assertThat(result.skippedLines()).hasSize(1);
        SkippedLine skipped = result.skippedLines().get(0);
        assertThat(skipped.file()).isEqualTo(URI.create(ehr.baseUrl() + STATUS + "/observation-1.ndjson"));
        assertThat(skipped.lineNumber()).isEqualTo(3);
        assertThat(skipped.reason()).startsWith("not a FHIR resource");
        assertThat(result.resourcesPerType()).contains(entry("Observation", 4L));
        assertThat(delivered)
                .filteredOn(resource -> resource.fhirType().equals("Observation"))
                .extracting(resource -> resource.getIdElement().getIdPart())
                .containsExactly("eObs1", "eObs2", "eObs3", "eObs4");
        ehr.verify(1, deleteRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aLargeFileIsStreamedIntoTheSink() throws Exception {
        int lines = 20_000;
        StringBuilder ndjson = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            ndjson.append("{\"resourceType\":\"Observation\",\"id\":\"gen-")
                    .append(i)
                    .append("\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                            + "\"code\":\"718-7\"}]},\"subject\":{\"reference\":\"Patient/eq081-VQEgP8drUUqCWzHfw3\"},"
                            + "\"valueQuantity\":{\"value\":")
                    .append(10 + i % 5)
                    .append(",\"unit\":\"g/dL\"}}\n");
        }
        ehr.stubFor(get(urlEqualTo(STATUS + "/large.ndjson"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/fhir+ndjson")
                        .withBody(ndjson.toString().getBytes(StandardCharsets.UTF_8))));
        completeWith("{\"transactionTime\":\"2026-11-24T09:58:00Z\",\"request\":\"" + ehr.baseUrl()
                + "\",\"requiresAccessToken\":true,\"output\":[{\"type\":\"Observation\",\"url\":\"" + ehr.baseUrl()
                + STATUS + "/large.ndjson\",\"count\":" + lines + "}],\"error\":[]}");
        long[] count = {0};
        String[] last = {null};

        BulkExportResult result = client.export(
                REQUEST,
                resource -> {
                    count[0]++;
                    last[0] = resource.getIdElement().getIdPart();
                },
                progress::add);

        assertThat(count[0]).isEqualTo(lines);
        assertThat(last[0]).isEqualTo("gen-" + lines);
        assertThat(result.resourcesPerType()).containsOnly(entry("Observation", (long) lines));
        assertThat(result.skippedLines()).isEmpty();
    }

    @Test
    void aStatusAnswering500WithAnOperationOutcomeFailsTheExportWithItsDiagnostics() {
        ehr.stubFor(
                get(urlEqualTo(STATUS))
                        .atPriority(1)
                        .willReturn(
                                aResponse()
                                        .withStatus(500)
                                        .withHeader("Content-Type", "application/fhir+json")
                                        .withBody(
                                                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"fatal\","
                                                        + "\"code\":\"exception\",\"diagnostics\":\"Export job B0A9F1C3 aborted: disk full\"}]}")));

        assertThatThrownBy(() -> client.export(REQUEST, delivered::add, progress::add))
                .isInstanceOf(BulkExportException.class)
                .hasMessage("The export at " + ehr.baseUrl() + STATUS
                        + " failed: HTTP 500: fatal exception: Export job B0A9F1C3 aborted: disk full");
        assertThat(delivered).isEmpty();
        ehr.verify(0, getRequestedFor(urlPathMatching(".*\\.ndjson")));
        ehr.verify(0, deleteRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aTransientFailureOfTheStatusRequestIsWaitedOut() throws Exception {
        ehr.stubFor(get(urlEqualTo(STATUS))
                .atPriority(1)
                .inScenario("outage")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Retry-After", "2")
                        .withHeader("Content-Type", "application/fhir+json")
                        .withBody("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                                + "\"code\":\"transient\",\"diagnostics\":\"Status store restarting\"}]}"))
                .willSetStateTo("over"));

        BulkExportResult result = client.export(REQUEST, delivered::add, progress::add);

        assertThat(time.waits()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(result.resourcesPerType().values()).containsExactlyInAnyOrder(3L, 2L, 4L);
    }

    @Test
    void anExportThatOutrunsItsDeadlineIsCancelled() throws Exception {
        client = client(new BulkExportSettings(
                EnumSet.of(ExportLevel.GROUP),
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(10)));
        ehr.stubFor(get(urlEqualTo(STATUS))
                .atPriority(1)
                .willReturn(aResponse().withStatus(202).withHeader("X-Progress", "Still searching")));

        assertThatThrownBy(() -> client.export(REQUEST, delivered::add, progress::add))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining("did not complete within PT30S");
        assertThat(time.waits())
                .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(progress).hasSize(4).containsOnly("Still searching");
        ehr.verify(1, deleteRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aSinkThatFailsStopsTheExportWithoutClaimingSuccess() {
        ResourceSink databaseDown = resource -> {
            if (resource.fhirType().equals("Condition")) {
                throw new IllegalStateException("database is down");
            }
            delivered.add(resource);
        };

        assertThatThrownBy(() -> client.export(REQUEST, databaseDown, progress::add))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining("condition-1.ndjson line 1")
                .hasMessageContaining("database is down");
        assertThat(delivered).extracting(Resource::fhirType).containsOnly("Patient");
        ehr.verify(0, getRequestedFor(urlEqualTo(STATUS + "/observation-1.ndjson")));
        ehr.verify(0, deleteRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void filesThatNeedNoAccessTokenAreFetchedWithoutIt() throws Exception {
        completeWith("{\"transactionTime\":\"2026-11-24T09:58:00Z\",\"request\":\"" + ehr.baseUrl()
                + "\",\"requiresAccessToken\":false,\"output\":[{\"type\":\"Patient\",\"url\":\"" + ehr.baseUrl()
                + STATUS + "/patient-1.ndjson\"}]}");

        BulkExportResult result = client.export(REQUEST, delivered::add, progress::add);

        assertThat(result.resourcesPerType()).containsOnly(entry("Patient", 3L));
        ehr.verify(1, getRequestedFor(urlEqualTo(STATUS + "/patient-1.ndjson")).withHeader("Authorization", absent()));
        ehr.verify(
                0,
                getRequestedFor(urlEqualTo(STATUS + "/patient-1.ndjson")).withHeader("Authorization", matching(".+")));
    }

    @Test
    void aFileOnAnotherHostIsRefusedWhenItNeedsTheAccessToken() {
        completeWith("{\"transactionTime\":\"2026-11-24T09:58:00Z\",\"request\":\"" + ehr.baseUrl()
                + "\",\"requiresAccessToken\":true,\"output\":[{\"type\":\"Patient\",\"url\":\"" + ehr.baseUrl()
                + STATUS + "/patient-1.ndjson\"},{\"type\":\"Observation\","
                + "\"url\":\"https://files.elsewhere.example/o.ndjson\"}]}");

        assertThatThrownBy(() -> client.export(REQUEST, delivered::add, progress::add))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining("https://files.elsewhere.example/o.ndjson needs the access token")
                .hasMessageContaining("refused");
        assertThat(delivered).isEmpty();
        ehr.verify(0, getRequestedFor(urlPathMatching(".*\\.ndjson")));
    }

    @Test
    void aStatusUrlOnAnotherHostIsRefused() {
        ehr.stubFor(get(urlPathEqualTo(BASE_PATH + "/Group/eIscQb2HmqkT.aPxBKDR1mIQ3/$export"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(202)
                        .withHeader("Content-Location", "https://status.elsewhere.example/BulkRequest/B0A9F1C3")));

        assertThatThrownBy(() -> client.export(REQUEST, delivered::add, progress::add))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining(
                        "https://status.elsewhere.example/BulkRequest/B0A9F1C3 is not on the site's host");
    }

    @Test
    void aKickOffTheEhrRefusesCarriesTheDiagnosticsOfItsOperationOutcome() {
        ehr.stubFor(
                get(urlPathEqualTo(BASE_PATH + "/Group/eIscQb2HmqkT.aPxBKDR1mIQ3/$export"))
                        .atPriority(1)
                        .willReturn(
                                aResponse()
                                        .withStatus(400)
                                        .withHeader("Content-Type", "application/fhir+json")
                                        .withBody(
                                                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                                                        + "\"code\":\"not-supported\",\"details\":{\"text\":\"_typeFilter is not supported\"}}]}")));

        assertThatThrownBy(() -> client.export(
                        REQUEST.withTypeFilters("Observation?category=laboratory"), delivered::add, progress::add))
                .isInstanceOf(BulkExportException.class)
                .hasMessageStartingWith("The EHR refused the export " + ehr.baseUrl() + BASE_PATH + "/Group/")
                .hasMessageEndingWith("HTTP 400: error not-supported: _typeFilter is not supported");
        ehr.verify(0, getRequestedFor(urlEqualTo(STATUS)));
    }

    private BulkExportClient client(BulkExportSettings settings) throws Exception {
        return new BulkExportClient(
                TestSites.transport(http, URI.create(ehr.baseUrl() + BASE_PATH), SCOPE), http, settings, time, time);
    }

    private void completeWith(String manifest) {
        ehr.stubFor(get(urlEqualTo(STATUS)).atPriority(1).willReturn(okJson(manifest)));
    }
}
