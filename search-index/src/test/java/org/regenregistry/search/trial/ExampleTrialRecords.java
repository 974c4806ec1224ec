package org.regenregistry.search.trial;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DeviceDefinition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryPackage;

/** The example trials of the registry package as {@link TrialRecord}s, their references resolved in-bundle. */
public final class ExampleTrialRecords {

    public static final List<String> KEYS = List.of(
            "prp-knee-oa",
            "msc-disc-degeneration",
            "exosome-tendinopathy",
            "aav-neuropathic-pain",
            "scs-diabetic-neuropathy",
            "mindfulness-low-back-pain");

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private ExampleTrialRecords() {}

    /**
     * The example trial with what its Bundle holds counted as the registry would: subjects, adverse events (serious
     * ones apart) and outcome scores.
     */
    public static TrialRecord record(String key, long version) {
        return record(key, version, version);
    }

    /** The example trial at a study version and an outbox revision. */
    public static TrialRecord record(String key, long version, long revision) {
        Map<String, Resource> resources = bundle(key).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .collect(Collectors.toMap(
                        resource -> resource.fhirType() + "/" + resource.getIdPart(), Function.identity()));
        ResearchStudy study = (ResearchStudy) resources.get("ResearchStudy/" + key);
        study.setId("ResearchStudy/" + key + "/_history/" + version);
        study.getMeta().setLastUpdated(new java.util.Date());
        return new TrialRecord(
                revision,
                study,
                (Group) resources.get(study.getEnrollmentFirstRep().getReference()),
                study.getSite().stream()
                        .map(site -> (Location) resources.get(site.getReference()))
                        .toList(),
                (Organization) resources.get(study.getSponsor().getReference()),
                study.getExtensionsByUrl(RegistryExtensions.INVESTIGATIONAL_PRODUCT).stream()
                        .map(product -> resources.get(((Reference) product.getValue()).getReference()))
                        .filter(BiologicallyDerivedProduct.class::isInstance)
                        .map(BiologicallyDerivedProduct.class::cast)
                        .toList(),
                study.getExtensionsByUrl(RegistryExtensions.INVESTIGATIONAL_PRODUCT).stream()
                        .map(product -> resources.get(((Reference) product.getValue()).getReference()))
                        .filter(DeviceDefinition.class::isInstance)
                        .map(DeviceDefinition.class::cast)
                        .toList(),
                new TrialRecord.Counts(
                        count(resources, ResearchSubject.class, subject -> true),
                        count(resources, AdverseEvent.class, event -> true),
                        count(resources, AdverseEvent.class, event -> event.getSeriousness()
                                .getCodingFirstRep()
                                .getCode()
                                .equals("Serious")),
                        count(resources, Observation.class, observation -> true)));
    }

    private static <T extends Resource> int count(
            Map<String, Resource> resources, Class<T> type, java.util.function.Predicate<T> which) {
        return (int) resources.values().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(which)
                .count();
    }

    private static Bundle bundle(String key) {
        try (InputStream json = RegistryPackage.load().load("example", "Bundle-" + key + "-trial.json")) {
            return (Bundle) FHIR.newJsonParser().parseResource(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
