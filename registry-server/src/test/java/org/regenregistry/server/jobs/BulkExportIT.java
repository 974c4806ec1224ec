package org.regenregistry.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.BulkExports;
import org.regenregistry.server.support.RegistryClientSupport;

/** <a href="https://hl7.org/fhir/uv/bulkdata/export.html">Bulk Data $export</a>, from kick-off to NDJSON files. */
class BulkExportIT extends RegistryClientSupport {

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

    private JsonNode export(String kickOff) throws Exception {
        return BulkExports.export(fhir, kickOff);
    }

    private Set<String> ids(JsonNode manifest, String type) throws Exception {
        return BulkExports.ids(fhir, manifest, type);
    }

    private static List<String> idParts(List<IdType> ids) {
        return ids.stream().map(IdType::getIdPart).collect(Collectors.toList());
    }
}
