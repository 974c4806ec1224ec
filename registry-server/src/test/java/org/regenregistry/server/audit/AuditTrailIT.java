package org.regenregistry.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;

/**
 * Each request leaves exactly one audit record, there the moment its answer arrives (it is committed before the
 * answer leaves), with who made it, what it touched and how it ended; a FHIR write is recorded with the version it
 * made, a transaction with its Bundle and each entry. Read straight after each answer through the regulator's API.
 */
class AuditTrailIT extends RegistryClientSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FhirHttp regulator;
    private FhirHttp stOlaf;
    private IdType patient;

    @BeforeEach
    void aPatientOfStOlaf() {
        regulator = fhir.as(SecurityClientsInitializer.REGULATOR);
        stOlaf = fhir.as(SecurityClientsInitializer.SITE_STAFF);
        Patient subject = new Patient().setActive(true);
        subject.addName().setFamily("Audited" + UUID.randomUUID().toString().substring(0, 8));
        patient = (IdType) stOlaf.client().create().resource(subject).execute().getId();
    }

    @Test
    void aWriteIsRecordedWithTheVersionItMadeAndWhoMadeIt() throws IOException {
        JsonNode created = single(about(patient));

        assertThat(created.get("kind").asText()).isEqualTo("storage");
        assertThat(created.get("subtype").asText()).isEqualTo("create");
        assertThat(created.get("action").asText()).isEqualTo("C");
        assertThat(created.get("outcome").asText()).isEqualTo("0");
        assertThat(created.get("client").asText()).isEqualTo(SecurityClientsInitializer.SITE_STAFF);
        assertThat(created.get("role").asText()).isEqualTo("site");
        assertThat(created.get("site").asText()).isEqualTo(SecurityClientsInitializer.SITE);
        assertThat(created.get("entities").get(0).asText())
                .isEqualTo(patient.toUnqualifiedVersionless() + "/_history/1");
    }

    @Test
    void readsSearchesHistoryAndRefusalsAreEachRecordedOnceWithTheirOutcome() throws IOException {
        String id = patient.toUnqualifiedVersionless().getValue();
        int before = about(patient).size();

        assertThat(regulator.get(id).statusCode()).isEqualTo(200);
        JsonNode read = newest(about(patient), before + 1);
        assertThat(read.get("subtype").asText()).isEqualTo("read");
        assertThat(read.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(read.get("client").asText()).isEqualTo(SecurityClientsInitializer.REGULATOR);
        assertThat(read.get("entities").get(0).asText()).isEqualTo(id + "/_history/1");

        assertThat(regulator.get("Patient?_id=" + patient.getIdPart()).statusCode())
                .isEqualTo(200);
        JsonNode search = newest(about(patient), before + 2);
        assertThat(search.get("subtype").asText()).isEqualTo("search-type");
        assertThat(search.get("query").asText()).isEqualTo("_id=" + patient.getIdPart());

        assertThat(regulator.get(id + "/_history").statusCode()).isEqualTo(200);
        assertThat(newest(about(patient), before + 3).get("subtype").asText()).isEqualTo("history-instance");

        assertThat(fhir.as(SecurityClientsInitializer.OTHER_SITE_STAFF).get(id).statusCode())
                .isEqualTo(403);
        JsonNode refused = newest(about(patient), before + 4);
        assertThat(refused.get("outcome").asText()).isEqualTo("4");
        assertThat(refused.get("httpStatus").asInt()).isEqualTo(403);
        assertThat(refused.get("client").asText()).isEqualTo(SecurityClientsInitializer.OTHER_SITE_STAFF);
        assertThat(refused.get("outcomeText").asText()).contains("is not permitted");

        assertThat(fhir.anonymous().get(id).statusCode()).isEqualTo(401);
        JsonNode anonymous = newest(about(patient), before + 5);
        assertThat(anonymous.get("httpStatus").asInt()).isEqualTo(401);
        assertThat(anonymous.get("client").asText()).isEmpty();
    }

    @Test
    void aTransactionIsRecordedAsItsBundleAndEachEntry() throws IOException {
        HttpResponse<String> response =
                stOlaf.post("", FhirHttp.FHIR_JSON, fhir.json(transactionCreating(painScore(patient, 4))));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        IdType observation = new IdType(fhir.parse(Bundle.class, response.body())
                .getEntryFirstRep()
                .getResponse()
                .getLocation());

        List<JsonNode> records = about(observation);

        assertThat(records)
                .extracting(event -> event.get("subtype").asText())
                .containsExactlyInAnyOrder("transaction", "create");
        assertThat(records)
                .extracting(event -> event.get("requestId").asText())
                .as("the entry's record names its Bundle's request")
                .containsOnly(records.get(0).get("requestId").asText());
    }

    @Test
    void theJsonApiAndTheOperationalEndpointsAreRecordedToo() throws IOException {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> trials = fhir.as(SecurityClientsInitializer.RESEARCHER_CLIENT)
                .get(root("api/trials?q=" + marker), "Accept", "application/json");
        assertThat(trials.statusCode()).isEqualTo(200);
        JsonNode search = ofClient(SecurityClientsInitializer.RESEARCHER_CLIENT).get(0);
        assertThat(search.get("kind").asText()).isEqualTo("api");
        assertThat(search.get("subtype").asText()).isEqualTo("GET /api/trials");
        assertThat(search.get("query").asText()).isEqualTo("q=" + marker);

        assertThat(fhir.get(root("api/ehr/sites"), "Accept", "application/json").statusCode())
                .isEqualTo(200);
        JsonNode admin = ofClient(SecurityClientsInitializer.ADMIN).get(0);
        assertThat(admin.get("path").asText()).isEqualTo("/api/ehr/sites");
        assertThat(admin.get("role").asText()).isEqualTo("registry-admin");
    }

    @Test
    void noCallerWritesAnAuditEventAndOnlyRegulatorsReadTheTrail() {
        AuditEvent forged = new AuditEvent();
        forged.getType().setCode("rest");
        forged.setRecorded(new Date());
        forged.getSource().getObserver().setDisplay("someone");

        assertThat(stOlaf.post("AuditEvent", FhirHttp.FHIR_JSON, fhir.json(forged))
                        .statusCode())
                .isEqualTo(403);
        assertThat(stOlaf.put("AuditEvent/forged", FhirHttp.FHIR_JSON, fhir.json(forged.setId("forged")))
                        .statusCode())
                .isEqualTo(403);
        assertThat(stOlaf.delete("AuditEvent/forged").statusCode()).isEqualTo(403);
        for (String client : List.of(
                SecurityClientsInitializer.SITE_STAFF,
                SecurityClientsInitializer.RESEARCHER_CLIENT,
                SecurityClientsInitializer.ADMIN)) {
            assertThat(fhir.as(client)
                            .get(root("api/audit/events"), "Accept", "application/json")
                            .statusCode())
                    .as(client)
                    .isEqualTo(403);
        }
        assertThat(fhir.anonymous()
                        .get(root("api/audit/jwks"), "Accept", "application/json")
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> verified = regulator.get(root("api/audit/verify"), "Accept", "application/json");
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(verified.body()).contains("\"intact\":true");
    }

    @Test
    void anAuditorTakesTheRecordsOfARecordAsCsv() {
        HttpResponse<String> csv = regulator.get(
                root("api/audit/events?entity="
                        + encode(patient.toUnqualifiedVersionless().getValue())),
                "Accept",
                "text/csv");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("id,recorded,request,kind,subtype,action,outcome");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains(",storage,create,C,0,").contains(SecurityClientsInitializer.SITE_STAFF);
    }

    @Test
    void aSubjectsAccessHistoryHoldsTheAccessesToEachOfItsRecords() throws IOException {
        IdType score = (IdType) stOlaf.client()
                .create()
                .resource(painScore(patient, 6))
                .execute()
                .getId();
        assertThat(regulator.get(score.toUnqualifiedVersionless().getValue()).statusCode())
                .isEqualTo(200);

        List<JsonNode> history =
                events("subject=" + encode(patient.toUnqualifiedVersionless().getValue()));

        assertThat(history)
                .extracting(event -> event.get("subtype").asText() + " "
                        + event.get("client").asText())
                .containsExactly(
                        "read " + SecurityClientsInitializer.REGULATOR,
                        "create " + SecurityClientsInitializer.SITE_STAFF,
                        "create " + SecurityClientsInitializer.SITE_STAFF);
        assertThat(regulator
                        .get(root("api/audit/events?subject=Observation/1"), "Accept", "application/json")
                        .statusCode())
                .as("a subject is a Patient")
                .isEqualTo(400);
    }

    @Test
    void regulatorsSearchTheTrailAsFhirAuditEvents() {
        String id = patient.toUnqualifiedVersionless().getValue();

        Bundle aboutPatient = fhir.parse(
                Bundle.class, regulator.get("AuditEvent?entity=" + id).body());
        for (int read = 0; read < 2; read++) {
            assertThat(stOlaf.get(id).statusCode())
                    .as("more records of the client than a page holds, whatever ran before")
                    .isEqualTo(200);
        }
        Bundle byClient = fhir.parse(
                Bundle.class,
                regulator
                        .get("AuditEvent?agent=" + SecurityClientsInitializer.SITE_STAFF + "&_count=2")
                        .body());

        assertThat(aboutPatient.getEntry()).hasSize(1);
        AuditEvent created = (AuditEvent) aboutPatient.getEntryFirstRep().getResource();
        assertThat(created.getAction()).isEqualTo(AuditEvent.AuditEventAction.C);
        assertThat(created.getAgentFirstRep().getWho().getIdentifier().getValue())
                .isEqualTo(SecurityClientsInitializer.SITE_STAFF);
        assertThat(created.getEntityFirstRep().getWhat().getReference()).isEqualTo(id + "/_history/1");
        assertThat(created.getSource().getSite()).isEqualTo(SecurityClientsInitializer.SITE);
        assertThat(byClient.getEntry()).hasSize(2);
        assertThat(byClient.getLink("next").getUrl()).contains("_offset=2");
        assertThat(regulator
                        .get("AuditEvent/" + created.getIdElement().getIdPart())
                        .statusCode())
                .isEqualTo(200);
        assertThat(stOlaf.get("AuditEvent?entity=" + id).statusCode()).isEqualTo(403);
        assertThat(stOlaf.put(
                                "AuditEvent/" + created.getIdElement().getIdPart(),
                                FhirHttp.FHIR_JSON,
                                fhir.json(created))
                        .statusCode())
                .isIn(403, 405);
    }

    private List<JsonNode> about(IdType record) throws IOException {
        return events("entity=" + encode(record.toUnqualifiedVersionless().getValue()));
    }

    private List<JsonNode> ofClient(String client) throws IOException {
        return events("client=" + encode(client) + "&limit=1");
    }

    private List<JsonNode> events(String query) throws IOException {
        HttpResponse<String> response = regulator.get(root("api/audit/events?" + query), "Accept", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(response.body()).forEach(events::add);
        return events;
    }

    private static JsonNode single(List<JsonNode> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    /** The newest of {@code events}, which must be {@code count}: one more per request made. */
    private static JsonNode newest(List<JsonNode> events, int count) {
        assertThat(events).hasSize(count);
        return events.get(0);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
