package org.regenregistry.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.regenregistry.profiles.RegistryPackage;

/**
 * The example trials shipped in the registry package (PRP for knee osteoarthritis, MSCs for disc degeneration,
 * exosomes for tendinopathy, AAV gene therapy for neuropathic pain, 10 kHz spinal cord stimulation for painful diabetic
 * neuropathy, mindfulness against CBT for chronic low back pain). Their Bundles use PUT with fixed ids, so loading
 * them twice changes nothing.
 */
public final class ExampleTrials {

    public static final List<String> KEYS = List.of(
            "prp-knee-oa",
            "msc-disc-degeneration",
            "exosome-tendinopathy",
            "aav-neuropathic-pain",
            "scs-diabetic-neuropathy",
            "mindfulness-low-back-pain");

    public static final String TRIAL_SYSTEM = RegistryIdentifierSystems.TRIAL;
    public static final String SUBJECT_SYSTEM = RegistryIdentifierSystems.SUBJECT;

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private static NpmPackage registryPackage;
    private static boolean loaded;

    private ExampleTrials() {}

    public static Bundle bundle(String key) {
        return (Bundle) example("Bundle-" + key + "-trial.json");
    }

    public static IBaseResource example(String file) {
        try (InputStream json = registryPackage().load("example", file)) {
            return FHIR.newJsonParser().parseResource(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The PRP example trial under a new registry identifier (and no cross-registry ones): a trial that conforms to the
     * Trial profile and refers to the example's sponsor, site and eligibility group, so load the examples first.
     */
    public static ResearchStudy newTrial(String registryId) {
        ResearchStudy trial = (ResearchStudy) example("ResearchStudy-prp-knee-oa.json");
        trial.setId((String) null);
        trial.getIdentifier().removeIf(identifier -> !identifier.getSystem().equals(TRIAL_SYSTEM));
        trial.getIdentifierFirstRep().setValue(registryId);
        return trial;
    }

    /** A subject of the PRP example trial conforming to the Subject profile, with a new identifier. */
    public static ResearchSubject newSubject(String subjectId, Reference individual, Reference study) {
        ResearchSubject subject = (ResearchSubject) example("ResearchSubject-prp-knee-oa-subject-1.json");
        subject.setId((String) null);
        subject.getIdentifierFirstRep().setValue(subjectId);
        subject.setIndividual(individual);
        subject.setStudy(study);
        return subject;
    }

    private static synchronized NpmPackage registryPackage() {
        if (registryPackage == null) {
            registryPackage = RegistryPackage.load();
        }
        return registryPackage;
    }

    /**
     * Makes sure the example trials are in the shared database: loads them the first time, then trusts them (tests
     * add their own trials and never change the examples).
     */
    public static synchronized void ensureLoaded(IGenericClient client) {
        if (!loaded) {
            loadAll(client);
            loaded = true;
        }
    }

    /** Loads all the example trials; returns the transaction responses. */
    public static List<Bundle> loadAll(IGenericClient client) {
        return KEYS.stream()
                .map(key -> client.transaction().withBundle(bundle(key)).execute())
                .toList();
    }
}
