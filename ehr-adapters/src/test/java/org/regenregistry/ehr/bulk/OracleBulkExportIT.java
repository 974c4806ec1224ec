package org.regenregistry.ehr.bulk;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bulk Data export against an Oracle Health-like EHR stub, which offers only Group-level exports. */
class OracleBulkExportIT {

    private static final String TENANT = "ec2458f2-1e24-41c8-b71b-0e701af7583d";
    private static final String STATUS = "/r4/" + TENANT + "/bulk-api/request/173a39fc-a2c3-4df2-ae41-5445240f3612";
    private static final String SCOPE = "system/Group.read system/Patient.read system/Observation.read";

    private final WireMockServer ehr =
            new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/bulk-oracle"));
    private final FakeTime time = new FakeTime(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<Resource> delivered = new ArrayList<>();
    private final List<String> progress = new ArrayList<>();
    private BulkExportClient client;

    @BeforeEach
    void start() throws Exception {
        ehr.start();
        HttpClient http = HttpClient.newHttpClient();
        client = new BulkExportClient(
                TestSites.transport(http, URI.create(ehr.baseUrl() + "/r4/" + TENANT), SCOPE),
                http,
                BulkExportSettings.defaults(EnumSet.of(ExportLevel.GROUP)),
                time,
                time);
    }

    @AfterEach
    void stop() {
        ehr.stop();
    }

    @Test
    void aGroupExportWaitsOutA429OnItsStatusUrlAndSendsTheTokenForItsFiles() throws Exception {
        BulkExportRequest request = BulkExportRequest.group("11ec-d16a-c763b73e-98e8-a31715e6a2bf")
                .withTypes("Patient", "Observation")
                .withSince(Instant.parse("2026-11-01T00:00:00Z"));

        BulkExportResult result = client.export(request, delivered::add, progress::add);

        assertThat(time.waits()).containsExactly(Duration.ofSeconds(3));
        ehr.verify(2, getRequestedFor(urlEqualTo(STATUS)));
        assertThat(result.transactionTime()).isEqualTo(Instant.parse("2026-11-24T10:00:05Z"));
        assertThat(result.resourcesPerType()).containsOnly(entry("Patient", 2L), entry("Observation", 2L));
        assertThat(delivered)
                .extracting(resource -> resource.getIdElement().getIdPart())
                .containsExactly("12724066", "12724067", "M-197292271", "M-197292272");
        assertThat(result.errors()).isEmpty();
        ehr.verify(
                2,
                getRequestedFor(urlPathMatching(".*\\.ndjson"))
                        .withHeader("Authorization", matching("Bearer token-.+")));
        ehr.verify(1, deleteRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aPatientLevelExportIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> client.export(
                        BulkExportRequest.allPatients().withTypes("Patient"), delivered::add, progress::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The site does not offer Patient-level $export; it allows Group-level");
        assertThat(ehr.getAllServeEvents()).isEmpty();
    }
}
