package org.regenregistry.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;

class FhirRestIT extends RegistryClientSupport {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";

    @Test
    void capabilityStatementDeclaresFhir401AndEveryResourceType() {
        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(capabilities.getSoftware().getName()).isEqualTo("regen-registry");
        assertThat(capabilities.getRestFirstRep().getResource())
                .extracting(resource -> resource.getType())
                .contains("ResearchStudy", "ResearchSubject", "Observation", "AdverseEvent", "Provenance", "Group");
    }

    @Test
    void createReadVreadUpdateAndHistoryKeepEveryVersion() {
        IdType id = create(patient("Okafor"));

        Patient read =
                client.read().resource(Patient.class).withId(id.toVersionless()).execute();
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Okafor");

        read.getNameFirstRep().setFamily("Okafor-Lind");
        MethodOutcome updated = client.update().resource(read).execute();
        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

        Patient first = client.read()
                .resource(Patient.class)
                .withId(id.withVersion("1"))
                .execute();
        assertThat(first.getNameFirstRep().getFamily()).isEqualTo("Okafor");

        Bundle history = client.history()
                .onInstance(id.toVersionless())
                .returnBundle(Bundle.class)
                .execute();
        assertThat(history.getEntry())
                .extracting(entry ->
                        ((Patient) entry.getResource()).getNameFirstRep().getFamily())
                .containsExactly("Okafor-Lind", "Okafor");

        Bundle typeHistory = client.history()
                .onType(Patient.class)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(typeHistory.getTotal()).isGreaterThanOrEqualTo(2);
        Bundle systemHistory =
                client.history().onServer().returnBundle(Bundle.class).execute();
        assertThat(systemHistory.getEntry()).isNotEmpty();
    }

    @Test
    void readAnswersWithTheVersionAsETag() {
        IdType id = create(patient("Ng"));

        HttpResponse<String> response = fhir.get("Patient/" + id.getIdPart());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("W/\"1\"");
    }

    @Test
    void ifMatchOnTheCurrentVersionUpdatesAndOnAStaleOneIsPreconditionFailed() {
        IdType id = create(patient("Ibarra"));
        String body = fhir.json(patient("Ibarra-Cole").setId(id.getIdPart()));

        HttpResponse<String> current =
                fhir.put("Patient/" + id.getIdPart(), FhirHttp.FHIR_JSON, body, "If-Match", "W/\"1\"");
        HttpResponse<String> stale =
                fhir.put("Patient/" + id.getIdPart(), FhirHttp.FHIR_JSON, body, "If-Match", "W/\"1\"");

        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(fhir.diagnostics(stale)).contains("not the current version");
    }

    @Test
    void conditionalCreateDoesNotDuplicateAndConditionalUpdateFindsByIdentifier() {
        String mrn = UUID.randomUUID().toString();
        Patient patient = patient("Haddad");
        patient.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        String condition = "Patient?identifier=" + MRN_SYSTEM + "|" + mrn;

        MethodOutcome first =
                client.create().resource(patient).conditionalByUrl(condition).execute();
        MethodOutcome second =
                client.create().resource(patient).conditionalByUrl(condition).execute();
        assertThat(first.getCreated()).isTrue();
        assertThat(second.getCreated()).isNull();
        assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());

        patient.setGender(AdministrativeGender.FEMALE);
        MethodOutcome updated =
                client.update().resource(patient).conditionalByUrl(condition).execute();
        assertThat(updated.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
    }

    @Test
    void jsonPatchChangesOnlyThePatchedElement() {
        IdType id = create(patient("Rossi"));

        HttpResponse<String> response = fhir.patch(
                "Patient/" + id.getIdPart(),
                "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/name/0/family\",\"value\":\"Russo\"}]");

        assertThat(response.statusCode()).isEqualTo(200);
        Patient patched =
                client.read().resource(Patient.class).withId(id.toVersionless()).execute();
        assertThat(patched.getNameFirstRep().getFamily()).isEqualTo("Russo");
        assertThat(patched.getNameFirstRep().getGiven())
                .extracting(Object::toString)
                .containsExactly("Ada");
        assertThat(patched.getMeta().getVersionId()).isEqualTo("2");
    }

    @Test
    void deleteLeavesAGoneResourceWhoseHistoryStaysReadable() {
        IdType id = create(patient("Kowalski"));

        client.delete().resourceById(id.toVersionless()).execute();

        assertThatThrownBy(() -> client.read()
                        .resource(Patient.class)
                        .withId(id.toVersionless())
                        .execute())
                .isInstanceOf(ResourceGoneException.class);
        Patient before = client.read()
                .resource(Patient.class)
                .withId(id.withVersion("1"))
                .execute();
        assertThat(before.getNameFirstRep().getFamily()).isEqualTo("Kowalski");
    }

    @Test
    void searchPagesThroughResultsWithNextLinks() {
        String family = "Page" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 7; i++) {
            create(patient(family));
        }

        Bundle page = client.search()
                .forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value(family))
                .count(3)
                .returnBundle(Bundle.class)
                .execute();
        int seen = page.getEntry().size();
        int pages = 1;
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = client.loadPage().next(page).execute();
            seen += page.getEntry().size();
            pages++;
        }

        assertThat(seen).isEqualTo(7);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void summaryCountReturnsOnlyTheTotal() {
        String family = "Count" + UUID.randomUUID().toString().substring(0, 8);
        create(patient(family));
        create(patient(family));

        Bundle count = client.search()
                .forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value(family))
                .summaryMode(SummaryEnum.COUNT)
                .returnBundle(Bundle.class)
                .execute();

        assertThat(count.getTotal()).isEqualTo(2);
        assertThat(count.getEntry()).isEmpty();
    }

    @Test
    void includeAndRevincludeBringReferencedResources() {
        IdType patientId = create(patient("Mensah"));
        IdType observationId = create(painScore(patientId, 7));

        Bundle withPatient = client.search()
                .forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(patientId.toUnqualifiedVersionless()))
                .include(Observation.INCLUDE_SUBJECT)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(withPatient.getEntry())
                .extracting(entry -> entry.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .containsExactlyInAnyOrder(
                        observationId.toUnqualifiedVersionless().getValue(),
                        patientId.toUnqualifiedVersionless().getValue());

        Bundle withObservations = client.search()
                .forResource(Patient.class)
                .where(Patient.RES_ID.exactly().code(patientId.getIdPart()))
                .revInclude(Observation.INCLUDE_SUBJECT)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(withObservations.getEntry()).hasSize(2);
    }

    @Test
    void everythingReturnsThePatientCompartment() {
        IdType patientId = create(patient("Silva"));
        IdType observationId = create(painScore(patientId, 4));

        Bundle everything = client.operation()
                .onInstance(patientId.toVersionless())
                .named("$everything")
                .withNoParameters(Parameters.class)
                .returnResourceType(Bundle.class)
                .execute();

        assertThat(everything.getEntry())
                .extracting(entry -> entry.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .contains(
                        patientId.toUnqualifiedVersionless().getValue(),
                        observationId.toUnqualifiedVersionless().getValue());
    }

    @Test
    void validateReportsWhatIsWrongWithoutStoringIt() {
        Observation noStatus = new Observation();
        noStatus.getCode().setText("pain score");
        String marker = UUID.randomUUID().toString();
        noStatus.addIdentifier().setSystem(MRN_SYSTEM).setValue(marker);

        HttpResponse<String> response = fhir.post("Observation/$validate", FhirHttp.FHIR_JSON, fhir.json(noStatus));

        assertThat(response.statusCode()).isEqualTo(200);
        OperationOutcome outcome = fhir.parse(OperationOutcome.class, response.body());
        assertThat(outcome.getIssue()).anySatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getDiagnostics()).contains("Observation.status");
        });
        Bundle stored = client.search()
                .forResource(Observation.class)
                .where(Observation.IDENTIFIER.exactly().systemAndIdentifier(MRN_SYSTEM, marker))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(stored.getEntry()).isEmpty();
    }

    @Test
    void provenanceTargetsAreStoredVersionSpecific() {
        IdType auditedId = create(patient("Audit"));
        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference(auditedId.toUnqualifiedVersionless()));
        provenance.setRecorded(new java.util.Date());
        provenance.addAgent().setWho(new Reference().setDisplay("Registry intake"));

        IdType provenanceId = create(provenance);

        Provenance stored = client.read()
                .resource(Provenance.class)
                .withId(provenanceId.toVersionless())
                .execute();
        assertThat(stored.getTargetFirstRep().getReference())
                .isEqualTo(auditedId.toUnqualifiedVersionless().withVersion("1").getValue());
    }

    static Patient patient(String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).setGiven(List.of(new org.hl7.fhir.r4.model.StringType("Ada")));
        return patient;
    }
}
