package org.regenregistry.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.RegistryClientSupport;

/** <a href="https://hl7.org/fhir/uv/bulkdata/export.html">Bulk Data $export</a>, from kick-off to NDJSON files. */
class BulkExportIT extends RegistryClientSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void groupExportDeliversExactlyTheGroupsPatientsAndTheirObservations() throws Exception {
        List<IdType> members = new ArrayList<>();
        List<IdType> observations = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            IdType patient = create(new Patient().setActive(true));
            members.add(patient);
            observations.add(create(painScore(patient, i + 2)));
        }
        IdType outsider = create(new Patient().setActive(true));
        Group cohort = new Group().setType(Group.GroupType.PERSON).setActual(true);
        members.forEach(member -> cohort.addMember().setEntity(new Reference(member.toUnqualifiedVersionless())));
        IdType group = create(cohort);

        JsonNode manifest = export("Group/" + group.getIdPart() + "/$export?_type=Patient,Observation");

        assertThat(manifest.get("request").asText())
                .endsWith("Group/" + group.getIdPart() + "/$export?_type=Patient,Observation");
        assertThat(manifest.get("transactionTime").asText()).isNotBlank();
        assertThat(ids(manifest, "Patient")).containsExactlyInAnyOrderElementsOf(idParts(members));
        assertThat(ids(manifest, "Patient")).doesNotContain(outsider.getIdPart());
        assertThat(ids(manifest, "Observation")).containsExactlyInAnyOrderElementsOf(idParts(observations));
    }

    @Test
    void systemExportOfOneTypeContainsEveryResourceOfIt() throws Exception {
        IdType patient = create(new Patient().setActive(true));

        JsonNode manifest = export("$export?_type=Patient");

        assertThat(manifest.get("output"))
                .allSatisfy(output -> assertThat(output.get("type").asText()).isEqualTo("Patient"));
        assertThat(ids(manifest, "Patient")).contains(patient.getIdPart());
    }

    @Test
    void patientExportContainsThePatientsAndTheirCompartment() throws Exception {
        IdType patient = create(new Patient().setActive(true));
        IdType observation = create(painScore(patient, 5));

        JsonNode manifest = export("Patient/$export?_type=Patient,Observation");

        assertThat(ids(manifest, "Patient")).contains(patient.getIdPart());
        assertThat(ids(manifest, "Observation")).contains(observation.getIdPart());
    }

    @Test
    void kickOffWithoutRespondAsyncIsRefused() {
        HttpResponse<String> response = fhir.get("$export?_type=Patient");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fhir.diagnostics(response)).contains("Must request async processing for $export");
    }

    /** Kicks an export off, polls its status URL until it is done, and returns the manifest. */
    private JsonNode export(String kickOff) throws Exception {
        HttpResponse<String> accepted = fhir.get(kickOff, "Prefer", "respond-async");
        assertThat(accepted.statusCode()).isEqualTo(202);
        String status = accepted.headers().firstValue("Content-Location").orElseThrow();

        HttpResponse<String> done = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> fhir.get(status, "Accept", "application/json"), response -> {
                    if (response.statusCode() == 202) {
                        assertThat(response.headers().firstValue("X-Progress")).isPresent();
                    }
                    return response.statusCode() != 202;
                });
        assertThat(done.statusCode()).isEqualTo(200);
        return JSON.readTree(done.body());
    }

    /** Downloads every NDJSON file of a type and returns the ids of the resources in it. */
    private Set<String> ids(JsonNode manifest, String type) throws Exception {
        Set<String> ids = new java.util.HashSet<>();
        for (JsonNode output : manifest.get("output")) {
            if (!output.get("type").asText().equals(type)) {
                continue;
            }
            HttpResponse<String> file = fhir.get(output.get("url").asText(), "Accept", "application/fhir+ndjson");
            assertThat(file.statusCode()).isEqualTo(200);
            for (String line : file.body().split("\n")) {
                if (!line.isBlank()) {
                    JsonNode resource = JSON.readTree(line);
                    assertThat(resource.get("resourceType").asText()).isEqualTo(type);
                    ids.add(resource.get("id").asText());
                }
            }
        }
        return ids;
    }

    private static List<String> idParts(List<IdType> ids) {
        return ids.stream().map(IdType::getIdPart).collect(Collectors.toList());
    }
}
