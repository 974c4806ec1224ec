package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;

/** Every kind of bad request gets a 4xx and an OperationOutcome that says what is wrong. */
class BadInputIT extends RegistryClientSupport {

    @Test
    void malformedJsonIsABadRequest() {
        HttpResponse<String> response = fhir.post("Patient", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Patient\",");

        assertOutcome(response, 400, "Failed to parse request body as JSON");
    }

    @Test
    void malformedXmlIsABadRequest() {
        HttpResponse<String> response = fhir.post(
                "Patient",
                "application/fhir+xml",
                "<Patient xmlns=\"http://hl7.org/fhir\"><name>",
                "Accept",
                FhirHttp.FHIR_JSON);

        assertOutcome(response, 400, "Failed to parse request body as XML");
    }

    @Test
    void anUnknownResourceTypeIsNotFound() {
        HttpResponse<String> response = fhir.get("TrialThing?name=x");

        assertOutcome(response, 404, "Unknown resource type 'TrialThing'");
    }

    @Test
    void aBodyThatIsNotFhirIsRefused() {
        HttpResponse<String> response = fhir.post("Patient", "text/plain", "{\"resourceType\":\"Patient\"}");

        assertOutcome(response, 400, "Incorrect Content-Type header value of \"text/plain\"");
    }

    @Test
    void aReferenceToAMissingResourceIsRefused() {
        String body = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"pain\"},"
                + "\"subject\":{\"reference\":\"Patient/no-such-patient\"}}";

        HttpResponse<String> response = fhir.post("Observation", FhirHttp.FHIR_JSON, body);

        assertOutcome(response, 400, "Resource Patient/no-such-patient not found");
    }

    @Test
    void aResourceOfTheWrongTypeForTheUrlIsRefused() {
        HttpResponse<String> response = fhir.post("Observation", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Patient\"}");

        assertOutcome(response, 400, "Patient");
    }

    @Test
    void aBundleOverTheConfiguredSizeIsTooLargeAndNothingIsStored() {
        String family = "Bulk" + UUID.randomUUID().toString().substring(0, 8);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 51; i++) {
            bundle.addEntry()
                    .setResource(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily(family)))
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Patient");
        }

        HttpResponse<String> response = fhir.post("", FhirHttp.FHIR_JSON, fhir.json(bundle));

        assertOutcome(response, 413, "Bundle has 51 entries; this server accepts at most 50");
        assertThat(countPatients(family)).isZero();
    }

    @Test
    void aBatchOverTheConfiguredSizeIsTooLargeToo() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
        for (int i = 0; i < 51; i++) {
            bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?_count=1");
        }

        HttpResponse<String> response = fhir.post("", FhirHttp.FHIR_JSON, fhir.json(bundle));

        assertOutcome(response, 413, "at most 50 per batch");
    }

    private int countPatients(String family) {
        HttpResponse<String> response = fhir.get("Patient?family:exact=" + family + "&_summary=count");
        return fhir.parse(Bundle.class, response.body()).getTotal();
    }

    private void assertOutcome(HttpResponse<String> response, int status, String diagnostics) {
        assertThat(response.statusCode()).isEqualTo(status);
        OperationOutcome outcome = fhir.parse(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(diagnostics);
    }
}
