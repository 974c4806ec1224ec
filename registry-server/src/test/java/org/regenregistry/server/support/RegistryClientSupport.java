package org.regenregistry.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of the integration tests against the shared PostgreSQL-backed registry: raw HTTP and HAPI's client. */
@PostgresRegistryTest
public abstract class RegistryClientSupport {

    private static final ObjectMapper SYNC_RUNS = new ObjectMapper();

    @LocalServerPort
    protected int port;

    protected FhirHttp fhir;
    protected IGenericClient client;

    @BeforeEach
    void connect() {
        fhir = new FhirHttp(port);
        client = fhir.client();
    }

    /** An absolute URL on the registry outside {@code /fhir}, such as {@code actuator/health} or {@code api/trials}. */
    protected String root(String path) {
        return "http://localhost:" + port + "/" + path;
    }

    /** Starts a sync of an EHR site through the admin API, waits for the run to end and answers it. */
    protected JsonNode syncSite(String site) throws IOException {
        HttpResponse<String> started = fhir.post(
                root("api/ehr/sites/" + site + "/runs"), "application/json", "", "Accept", "application/json");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> SYNC_RUNS
                                .readTree(fhir.get(location, "Accept", "application/json")
                                        .body())
                                .at("/state")
                                .asText(),
                        state -> !"RUNNING".equals(state));
        return SYNC_RUNS.readTree(
                fhir.get(location, "Accept", "application/json").body());
    }

    protected IdType create(Resource resource) {
        return (IdType) client.create().resource(resource).execute().getId();
    }

    /** An unprofiled NRS pain score (LOINC 72514-3) of a subject, given as a reference such as {@code Patient/1}. */
    protected static Observation painScore(String subject, int score) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("72514-3");
        observation.setSubject(new Reference(subject));
        observation.setValue(new IntegerType(score));
        return observation;
    }

    /** A transaction Bundle that creates each of {@code resources} ({@code POST} to its type). */
    protected static Bundle transactionCreating(Resource... resources) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : resources) {
            transaction
                    .addEntry()
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl(resource.fhirType());
        }
        return transaction;
    }

    protected static Observation painScore(IdType subject, int score) {
        return painScore(subject.toUnqualifiedVersionless().getValue(), score);
    }
}
