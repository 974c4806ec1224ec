package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatchBodiesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "{};A JSON Patch is an array of operations",
                "[{}];JSON Patch operation 0 has no valid op",
                "[{\"op\":\"replace\",\"value\":\"x\"}];JSON Patch operation 0 (replace) has no path",
                "[{\"op\":\"remove\",\"path\":\"/a\"},{\"op\":\"add\",\"path\":\"/b\"}];operation 1 (add) has no value",
                "[{\"op\":\"move\",\"path\":\"/a\"}];JSON Patch operation 0 (move) has no from",
                "[{\"op\":;The JSON Patch is not JSON"
            })
    void aJsonPatchWithoutWhatItsOperationsNeedIsRefused(String patch, String message) {
        assertThatThrownBy(() -> PatchBodies.checkJsonPatch(patch.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aCompleteJsonPatchPasses() {
        String patch = "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false},{\"op\":\"copy\",\"from\":\"/a\","
                + "\"path\":\"/b\"},{\"op\":\"remove\",\"path\":\"/c\"}]";

        assertThatCode(() -> PatchBodies.checkJsonPatch(patch.getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @Test
    void aFhirPathPatchIsParameters() {
        assertThatThrownBy(() -> PatchBodies.checkFhirPathPatch(new Patient(), FHIR))
                .hasMessageContaining("A FHIRPath Patch body is a Parameters resource, not a Patient");
    }

    @Test
    void eachFhirPathPatchOperationHasATypeAPathAndThePartsOfItsType() {
        assertThatThrownBy(() -> PatchBodies.checkFhirPathPatch(patch("frobnicate", "Patient.active"), FHIR))
                .hasMessageContaining("operation 0 has no valid type");
        assertThatThrownBy(() -> PatchBodies.checkFhirPathPatch(patch("delete", "Patient.("), FHIR))
                .hasMessageContaining("operation 0: the path is not FHIRPath: Patient.(");
        assertThatThrownBy(() -> PatchBodies.checkFhirPathPatch(patch("add", "Patient"), FHIR))
                .hasMessageContaining("operation 0 (add) has no name");
        assertThatThrownBy(() -> PatchBodies.checkFhirPathPatch(patch("replace", "Patient.active"), FHIR))
                .hasMessageContaining("operation 0 (replace) has no value");
        Parameters replace = patch("replace", "Patient.birthDate");
        replace.getParameterFirstRep().addPart().setName("value").setValue(new StringType("2020-01-01"));
        assertThatCode(() -> PatchBodies.checkFhirPathPatch(replace, FHIR)).doesNotThrowAnyException();
    }

    private static Parameters patch(String type, String path) {
        Parameters parameters = new Parameters();
        Parameters.ParametersParameterComponent operation =
                parameters.addParameter().setName("operation");
        operation.addPart().setName("type").setValue(new org.hl7.fhir.r4.model.CodeType(type));
        operation.addPart().setName("path").setValue(new StringType(path));
        return parameters;
    }
}
