package org.regenregistry.server.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryPackage;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;

/** The registry package is installed at start-up and its profiles are enforced on every write path. */
class ProfileEnforcementIT extends RegistryClientSupport {

    private static final String THERAPY_FAMILY = RegistryExtensions.THERAPY_FAMILY;

    @BeforeEach
    void loadExamples() {
        ExampleTrials.ensureLoaded(client);
    }

    @Test
    void thePackageIsInstalledWithItsProfilesAndSearchParameters() throws IOException {
        Bundle trial = client.search()
                .forResource(StructureDefinition.class)
                .where(StructureDefinition.URL.matches().value(RegistryProfiles.TRIAL))
                .returnBundle(Bundle.class)
                .execute();
        Bundle searchParameters = client.search()
                .byUrl("SearchParameter?url:below=" + RegistryPackage.CANONICAL + "/SearchParameter&_summary=count")
                .returnBundle(Bundle.class)
                .execute();

        assertThat(trial.getEntry()).hasSize(1);
        assertThat(((StructureDefinition) trial.getEntryFirstRep().getResource()).getVersion())
                .isEqualTo(RegistryPackage.load().version());
        assertThat(searchParameters.getTotal())
                .as("every search parameter of the package")
                .isEqualTo(
                        RegistryPackage.load().listResources("SearchParameter").size())
                .isGreaterThanOrEqualTo(26);
    }

    @Test
    void everyExampleTrialLoadsAsATransaction() {
        List<Bundle> responses = ExampleTrials.loadAll(client);

        assertThat(responses).hasSize(ExampleTrials.KEYS.size()).allSatisfy(response -> assertThat(response.getEntry())
                .allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("200")));
    }

    @Test
    void aTrialBreakingItsProfileIsUnprocessableAndNotStored() {
        ResearchStudy trial = newTrial();
        trial.getExtension().removeIf(extension -> extension.getUrl().equals(THERAPY_FAMILY));

        HttpResponse<String> response = fhir.post("ResearchStudy", FhirHttp.FHIR_JSON, fhir.json(trial));

        assertThat(response.statusCode()).isEqualTo(422);
        OperationOutcome outcome = fhir.parse(OperationOutcome.class, response.body());
        assertThat(outcome.getIssue()).anySatisfy(issue -> assertThat(issue.getDiagnostics())
                .contains("ResearchStudy.extension:therapyFamily")
                .contains("a matching slice is required"));
        assertThat(trialsWithIdentifier(trial)).isZero();
    }

    @Test
    void aTrialWithoutAPeriodIsUnprocessableAndNotStored() {
        ResearchStudy trial = newTrial();
        trial.setPeriod(null);

        HttpResponse<String> response = fhir.post("ResearchStudy", FhirHttp.FHIR_JSON, fhir.json(trial));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(fhir.parse(OperationOutcome.class, response.body()).getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics())
                        .contains("ResearchStudy.period: minimum required = 1, but only found 0"));
        assertThat(trialsWithIdentifier(trial)).isZero();
    }

    @Test
    void aTrialThatDeclaresNoProfileIsUnprocessable() {
        ResearchStudy trial = newTrial();
        trial.getMeta().getProfile().clear();

        HttpResponse<String> response = fhir.post("ResearchStudy", FhirHttp.FHIR_JSON, fhir.json(trial));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(fhir.diagnostics(response))
                .contains("must declare conformance to profile")
                .contains(RegistryProfiles.TRIAL);
        assertThat(trialsWithIdentifier(trial)).isZero();
    }

    @Test
    void aConformingTrialIsCreated() {
        ResearchStudy trial = newTrial();

        HttpResponse<String> response = fhir.post("ResearchStudy", FhirHttp.FHIR_JSON, fhir.json(trial));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(trialsWithIdentifier(trial)).isOne();
    }

    @Test
    void aTransactionWithOneNonConformingEntryStoresNothing() {
        ResearchStudy good = newTrial();
        ResearchStudy bad = newTrial();
        bad.getPhase().getCodingFirstRep().setCode("phase-5");
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (ResearchStudy trial : List.of(good, bad)) {
            transaction
                    .addEntry()
                    .setResource(trial)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("ResearchStudy");
        }

        HttpResponse<String> response = fhir.post("", FhirHttp.FHIR_JSON, fhir.json(transaction));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("ResearchStudy.phase");
        assertThat(trialsWithIdentifier(good)).isZero();
    }

    @Test
    void aPatchThatBreaksTheProfileIsRefusedAtTheStorageLayer() {
        ResearchStudy trial = newTrial();
        IdType id = (IdType) client.create().resource(trial).execute().getId();

        HttpResponse<String> response = fhir.patch(
                "ResearchStudy/" + id.getIdPart(),
                "application/json-patch+json",
                "[{\"op\":\"remove\",\"path\":\"/title\"}]");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("ResearchStudy.title");
        ResearchStudy stored = client.read()
                .resource(ResearchStudy.class)
                .withId(id.toVersionless())
                .execute();
        assertThat(stored.getTitle()).isEqualTo(trial.getTitle());
        assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
    }

    @Test
    void aPainScoreDeclaringItsProfileIsHeldToIt() {
        Observation score = (Observation) ExampleTrials.example("Observation-prp-knee-oa-pain-1-2026-03-02.json");
        score.setId((String) null);
        score.setValue(new org.hl7.fhir.r4.model.IntegerType(11));

        HttpResponse<String> response = fhir.post("Observation", FhirHttp.FHIR_JSON, fhir.json(score));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("A numeric rating scale score is between 0 and 10");
    }

    @Test
    void unprofiledResourcesOfOtherTypesStillWork() {
        Observation heartRate = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        heartRate.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));

        HttpResponse<String> observation = fhir.post("Observation", FhirHttp.FHIR_JSON, fhir.json(heartRate));
        HttpResponse<String> patient = fhir.post("Patient", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Patient\"}");

        assertThat(observation.statusCode()).isEqualTo(201);
        assertThat(patient.statusCode()).isEqualTo(201);
    }

    private static ResearchStudy newTrial() {
        return ExampleTrials.newTrial("RR-IT-" + UUID.randomUUID());
    }

    private int trialsWithIdentifier(ResearchStudy trial) {
        return client.search()
                .forResource(ResearchStudy.class)
                .where(ResearchStudy.IDENTIFIER
                        .exactly()
                        .systemAndIdentifier(
                                ExampleTrials.TRIAL_SYSTEM,
                                trial.getIdentifierFirstRep().getValue()))
                .summaryMode(ca.uhn.fhir.rest.api.SummaryEnum.COUNT)
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }
}
