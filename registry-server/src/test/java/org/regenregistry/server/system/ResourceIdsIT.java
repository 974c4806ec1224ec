package org.regenregistry.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;

/** A client may PUT any valid FHIR id, purely numeric ones too; ids the server assigns are UUIDs. */
class ResourceIdsIT extends RegistryClientSupport {

    @Test
    void aPurelyNumericClientIdIsAcceptedAndRead() {
        String id = String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setFamily("Numeric");

        HttpResponse<String> created = fhir.put("Patient/" + id, FhirHttp.FHIR_JSON, fhir.json(patient));
        HttpResponse<String> read = fhir.get("Patient/" + id);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(fhir.parse(Patient.class, read.body()).getIdElement().getIdPart())
                .isEqualTo(id);
    }

    @Test
    void aServerAssignedIdIsAUuid() {
        Patient patient = new Patient();
        patient.addName().setFamily("Assigned");

        String id = create(patient).getIdPart();

        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }

    @Test
    void anIdThatIsNotAValidFhirIdIsRefusedAndNothingIsStored() {
        String tooLong = "1".repeat(65);
        Patient patient = new Patient();
        patient.setId(tooLong);
        patient.addName().setFamily("Invalid");

        HttpResponse<String> refused = fhir.put("Patient/" + tooLong, FhirHttp.FHIR_JSON, fhir.json(patient));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("OperationOutcome").doesNotContain("HAPI-0419");
        assertThat(fhir.get("Patient/" + tooLong).statusCode()).isIn(400, 404);
    }
}
