package org.regenregistry.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;

class TransactionIT extends RegistryClientSupport {

    @BeforeEach
    void loadExamples() {
        ExampleTrials.ensureLoaded(client);
    }

    @Test
    void aTransactionResolvesItsInternalReferences() {
        String trial = "RR-" + UUID.randomUUID();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        add(bundle, "urn:uuid:" + UUID.randomUUID(), study(trial));
        String patient = "urn:uuid:" + UUID.randomUUID();
        add(bundle, patient, new Patient().setActive(true));
        ResearchSubject subject = ExampleTrials.newSubject(
                trial + "-S001",
                new Reference(patient),
                new Reference(bundle.getEntryFirstRep().getFullUrl()));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), subject);
        add(bundle, "urn:uuid:" + UUID.randomUUID(), painScore(patient, 6));

        Bundle response = client.transaction().withBundle(bundle).execute();

        assertThat(response.getEntry())
                .allSatisfy(entry -> assertThat(entry.getResponse().getStatus()).startsWith("201"));
        IdType subjectId = new IdType(response.getEntry().get(2).getResponse().getLocation());
        ResearchSubject stored = client.read()
                .resource(ResearchSubject.class)
                .withId(subjectId.toVersionless())
                .execute();
        assertThat(stored.getIndividual().getReference())
                .isEqualTo(new IdType(response.getEntry().get(1).getResponse().getLocation())
                        .toUnqualifiedVersionless()
                        .getValue());
        assertThat(stored.getStudy().getReference())
                .isEqualTo(new IdType(response.getEntry().get(0).getResponse().getLocation())
                        .toUnqualifiedVersionless()
                        .getValue());
    }

    @Test
    void aTransactionWithOneFailingEntryStoresNothing() {
        String trial = "RR-" + UUID.randomUUID();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        add(bundle, "urn:uuid:" + UUID.randomUUID(), study(trial));
        add(bundle, "urn:uuid:" + UUID.randomUUID(), painScore("Patient/does-not-exist", 3));

        HttpResponse<String> response = fhir.post("", FhirHttp.FHIR_JSON, fhir.json(bundle));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(fhir.diagnostics(response)).contains("Patient/does-not-exist");
        Bundle found = client.search()
                .forResource(ResearchStudy.class)
                .where(ResearchStudy.IDENTIFIER.exactly().systemAndIdentifier(ExampleTrials.TRIAL_SYSTEM, trial))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).isEmpty();
    }

    @Test
    void aBatchProcessesEachEntryOnItsOwn() {
        String trial = "RR-" + UUID.randomUUID();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
        add(bundle, null, study(trial));
        add(bundle, null, painScore("Patient/does-not-exist", 3));

        Bundle response = client.transaction().withBundle(bundle).execute();

        assertThat(response.getEntry().get(0).getResponse().getStatus()).startsWith("201");
        assertThat(response.getEntry().get(1).getResponse().getStatus()).startsWith("400");
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry()
                .setFullUrl(fullUrl)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType());
    }

    private static ResearchStudy study(String identifier) {
        return ExampleTrials.newTrial(identifier);
    }
}
