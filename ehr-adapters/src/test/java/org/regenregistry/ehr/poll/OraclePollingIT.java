package org.regenregistry.ehr.poll;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Instant;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.site.EhrFlavour;

/**
 * Polling laboratory results from an Oracle Health-like EHR (WireMock stubs under {@code wiremock/oracle}, FHIR
 * base {@code /r4/[tenant]}, its own token endpoint), whose {@code _lastUpdated} on Observation does not move for
 * edits it deems clinically insignificant.
 */
class OraclePollingIT {

    private static final String TENANT = "ec2458f2-1e24-41c8-b71b-0e701af7583d";
    private static final String BASE = "/r4/" + TENANT;
    private static final String SCOPE = "system/Observation.read system/Patient.read";
    private static final Instant PREVIOUS_POLL = Instant.parse("2026-11-24T08:00:00Z");
    private static final PollQuery SUBJECT_OBSERVATIONS =
            PollQuery.of("Observation").with("patient", "12724066");

    private final WireMockServer ehr =
            new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/oracle"));
    private final CollectingSink sink = new CollectingSink();
    private SiteUnderTest site;

    @BeforeEach
    void start() throws Exception {
        ehr.start();
        site = new SiteUnderTest("oracle-b", ehr, BASE, SCOPE);
        site.marks.advance("oracle-b", "Observation", PREVIOUS_POLL);
    }

    @AfterEach
    void stop() {
        ehr.stop();
    }

    @Test
    void anEditThatDidNotMoveLastUpdatedIsMissedByThePollButDeliveredByTheFullSweep() throws Exception {
        PollResult incremental = site.poller.poll(SUBJECT_OBSERVATIONS, sink);

        assertThat(incremental.resources()).isZero();
        assertThat(incremental.mark()).contains(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(EhrFlavour.ORACLE_HEALTH.sweepTypes()).contains(SUBJECT_OBSERVATIONS.resourceType());

        PollResult sweep = site.poller.sweep(SUBJECT_OBSERVATIONS, sink);

        assertThat(sweep.fullSweep()).isTrue();
        assertThat(sink.resources()).singleElement().isInstanceOfSatisfying(Observation.class, observation -> {
            assertThat(observation.getIdElement().getIdPart()).isEqualTo("L-197392513");
            assertThat(observation.getMeta().getLastUpdated().toInstant()).isBefore(PREVIOUS_POLL);
            assertThat(observation.getNoteFirstRep().getText()).contains("haemolysed");
        });
        assertThat(site.marks.get("oracle-b", "Observation")).contains(Instant.parse("2026-11-24T12:05:00Z"));
        ehr.verify(1, postRequestedFor(urlEqualTo("/tenants/" + TENANT + "/protocols/oauth2/profiles/smart-v1/token")));
        ehr.verify(
                1,
                getRequestedFor(urlPathEqualTo(BASE + "/Observation"))
                        .withQueryParam("_lastUpdated", equalTo("gt2026-11-24T07:58:00Z")));
    }
}
