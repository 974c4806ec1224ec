package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RawHttp;
import org.regenregistry.server.support.RegistryClientSupport;

/** Every kind of bad request gets a 4xx and an OperationOutcome that says what is wrong. */
class BadInputIT extends RegistryClientSupport {

    private static final String MARKER =
            "Malformed" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void malformedJsonIsABadRequest() {
        HttpResponse<String> response = fhir.post("Patient", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Patient\",");

        assertOutcome(response, 400, "The body is not valid FHIR JSON: Failed to parse JSON encoded FHIR content");
    }

    @Test
    void malformedXmlIsABadRequest() {
        HttpResponse<String> response = fhir.post(
                "Patient",
                "application/fhir+xml",
                "<Patient xmlns=\"http://hl7.org/fhir\"><name>",
                "Accept",
                FhirHttp.FHIR_JSON);

        assertOutcome(response, 400, "The body is not valid FHIR XML");
    }

    @Test
    void anUnknownResourceTypeIsNotFound() {
        HttpResponse<String> response = fhir.get("TrialThing?name=x");

        assertOutcome(response, 404, "Unknown resource type 'TrialThing'");
    }

    @Test
    void aBodyThatIsNotFhirIsRefused() {
        HttpResponse<String> response = fhir.post("Patient", "text/plain", "{\"resourceType\":\"Patient\"}");

        assertOutcome(response, 415, "The FHIR endpoint does not read text/plain");
    }

    @Test
    void aReferenceToAMissingResourceIsRefused() {
        String body = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"pain\"},"
                + "\"subject\":{\"reference\":\"Patient/no-such-patient\"}}";

        HttpResponse<String> response = fhir.post("Observation", FhirHttp.FHIR_JSON, body);

        assertOutcome(response, 400, "refers (subject) to Patient/no-such-patient, which is no record of site");
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

    /**
     * Requests that HAPI answered 500, or stored with part of the input thrown away: each now a 4xx with an
     * OperationOutcome saying what is wrong, and nothing stored.
     */
    static Stream<Arguments> malformedRequests() {
        String patient = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + MARKER + "\"}]";
        String entry = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":%s,"
                + "\"request\":{\"method\":\"%s\",\"url\":\"%s\"%s}}]}";
        String json = FhirHttp.FHIR_JSON;
        return Stream.of(
                arguments("GET", "/fhir/Patient?%%%", null, null, 400, "does not start a percent-encoded byte"),
                arguments("GET", "/fhir/Patient/%25", null, null, 400, "not correctly percent-encoded"),
                arguments("GET", "/fhir/ResearchStudy?sponsor.name:contains=%", null, null, 400, "percent-encoded"),
                arguments("GET", "/fhir/ValueSet/$expand?url=%%%", null, null, 400, "percent-encoded"),
                arguments("GET", "/fhir/Patient?_offset=-1", null, null, 400, "_offset must be a whole number"),
                arguments("GET", "/fhir/Patient?_count=abc", null, null, 400, "Invalid _count value: abc"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        json,
                        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"\\ud800" + MARKER + "\"}]}",
                        400,
                        "Patient.name[0].family: the text holds a lone UTF-16 surrogate"),
                arguments(
                        "POST",
                        "/fhir",
                        json,
                        String.format(entry, "null", "POST", "Patient", ""),
                        400,
                        "could not be read"),
                arguments(
                        "POST",
                        "/fhir",
                        json,
                        String.format(entry, "\"x\"", "POST", "Patient", ""),
                        400,
                        "Unknown attribute 'value' found during parse"),
                arguments(
                        "POST",
                        "/fhir",
                        json,
                        String.format(entry, patient + "}", "PUT", "%%%%", ""),
                        400,
                        "Bundle.entry[0].request.url has a '%'"),
                arguments(
                        "POST",
                        "/fhir",
                        json,
                        String.format(
                                entry, patient + ",\"id\":\"m1\"}", "PUT", "Patient/m1", ",\"ifMatch\":\"garbage\""),
                        400,
                        "Bundle.entry[0].request.ifMatch is not an entity tag"),
                arguments(
                        "POST",
                        "/fhir",
                        json,
                        "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":" + patient
                                + "},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}",
                        400,
                        "Bundle.type is required"),
                arguments(
                        "POST",
                        "/fhir",
                        json,
                        String.format(entry, patient + "}", "POST", "", ""),
                        400,
                        "[element=\"url\"] Invalid attribute value"),
                arguments(
                        "PUT",
                        "/fhir/Patient/if-match-" + MARKER,
                        json,
                        patient.replace("{\"resourceType", "{\"id\":\"if-match-" + MARKER + "\",\"resourceType") + "}",
                        412,
                        "does not exist, so no version of it matches If-Match"),
                arguments("GET", "/fhir/Patient?name=x", null, null, 400, "If-Modified-Since is not an HTTP date"),
                arguments(
                        "PATCH",
                        "/fhir/Patient/none-" + MARKER,
                        "application/json-patch+json",
                        "[{\"op\":\"replace\",\"value\":\"x\"}]",
                        400,
                        "has no path"),
                arguments(
                        "PATCH",
                        "/fhir/Patient/none-" + MARKER,
                        json,
                        patient + "}",
                        400,
                        "A FHIRPath Patch body is a Parameters resource, not a Patient"),
                arguments(
                        "PATCH",
                        "/fhir/Patient",
                        json,
                        "{\"resourceType\":\"Parameters\"}",
                        400,
                        "A PATCH names the resource it changes"),
                arguments(
                        "POST",
                        "/fhir/Patient/$validate",
                        json,
                        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"valueString\":\"x\"}]}",
                        400,
                        "The resource parameter of $validate carries a resource"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        "application/fhir+turtle",
                        "x",
                        415,
                        "does not read application/fhir+turtle"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        "application/x-turtle",
                        "x",
                        415,
                        "does not read application/x-turtle"),
                arguments("GET", "/fhir/Patient/a%2Fb", null, null, 400, "Invalid URI"),
                arguments("GET", "/fhir/Patient/a%00", null, null, 400, "Invalid URI"),
                arguments("GET", "/fhir/Patient?name=" + "a".repeat(9000), null, null, 400, "too large"),
                arguments("GET", "/error", null, null, 404, "Nothing is served at /error"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        json,
                        "{\"resourceType\":\"Patient\",\"name\":\"" + MARKER + "\"}",
                        400,
                        "Patient.name repeats, so it is a JSON array"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        json,
                        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":[\"" + MARKER + "\",\"b\"]}]}",
                        400,
                        "Multiple repetitions of non-repeatable element 'family'"),
                arguments("POST", "/fhir/Patient", json, patient + ",\"foo\":\"bar\"}", 400, "Unknown element 'foo'"),
                arguments("POST", "/fhir/Patient", json, patient + ",\"_birthDate\":\"x\"}", 400, "incorrect type"),
                arguments(
                        "POST",
                        "/fhir/Organization",
                        json,
                        "{\"resourceType\":\"Organization\",\"alias\":\"" + MARKER + "\"}",
                        400,
                        "Organization.alias repeats, so it is a JSON array"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        "application/fhir+xml",
                        "<Patient xmlns=\"http://example.com/x\"><name><family value=\"" + MARKER
                                + "\"/></name></Patient>",
                        400,
                        "<Patient> is not in the FHIR namespace"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        "application/fhir+xml",
                        "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"" + MARKER
                                + "\"/></name><active>true</active></Patient>",
                        400,
                        "<active> has text content"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        json,
                        patient + ",\"birthDate\":\"0000-01-01\"}",
                        400,
                        "Patient.birthDate: '0000-01-01' is not a valid FHIR date"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        json,
                        patient + ",\"meta\":{\"profile\":[\"not a url\"]}}",
                        400,
                        "Patient.meta.profile[0]: 'not a url' is not a valid FHIR canonical"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        json,
                        patient + ",\"extension\":[{\"valueString\":\"x\"}]}",
                        400,
                        "missing required element 'url'"),
                arguments(
                        "POST",
                        "/fhir/Patient",
                        json,
                        patient
                                + ",\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">"
                                + "<script>alert(1)</script></div>\"}}",
                        400,
                        "narrative may not contain <script>"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformedRequests")
    void aMalformedRequestAnswers4xxWithAnOutcomeAndStoresNothing(
            String method, String target, String contentType, String body, int status, String diagnostics) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", FhirHttp.FHIR_JSON);
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (target.endsWith("name=x")) {
            headers.put("If-Modified-Since", "garbage");
        }
        if (method.equals("PUT")) {
            headers.put("If-Match", "W/\"1\"");
        }

        RawHttp.Answer answer = RawHttp.send(
                port,
                method,
                target,
                headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));

        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith(FhirHttp.FHIR_JSON);
        OperationOutcome outcome = fhir.parse(OperationOutcome.class, answer.body());
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(diagnostics);
        assertThat(countPatients(MARKER)).isZero();
        assertThat(fhir.parse(
                                Bundle.class,
                                fhir.get("Organization?name=" + MARKER + "&_summary=count")
                                        .body())
                        .getTotal())
                .isZero();
    }

    @Test
    void aRawBarInATokenSearchIsAccepted() {
        RawHttp.Answer answer = RawHttp.send(
                port,
                "GET",
                "/fhir/ResearchStudy?condition=http://snomed.info/sct|239873007",
                Map.of("Accept", FhirHttp.FHIR_JSON),
                null,
                Duration.ofSeconds(30));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"resourceType\":\"Bundle\"");
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
