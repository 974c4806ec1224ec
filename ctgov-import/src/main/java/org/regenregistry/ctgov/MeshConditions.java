package org.regenregistry.ctgov;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.regenregistry.profiles.RegistryPackage;

/**
 * The SNOMED CT and ICD-10-CM codes of the MeSH descriptors ClinicalTrials.gov assigns to a record's conditions, as
 * the package's <a href="https://hl7.org/fhir/R4/conceptmap.html">ConceptMap</a> {@code mesh-pain-condition} gives
 * them: the package, not this code, decides which descriptor is which pain condition.
 */
public final class MeshConditions {

    private final Map<String, List<Coding>> codings = new HashMap<>();

    MeshConditions(ConceptMap map) {
        map.getGroup().forEach(group -> group.getElement().forEach(element -> element.getTarget()
                .forEach(target -> codings.computeIfAbsent(element.getCode(), code -> new ArrayList<>())
                        .add(new Coding(group.getTarget(), target.getCode(), target.getDisplay())))));
    }

    /** Reads the map from the registry package on the classpath. */
    public static MeshConditions fromPackage() {
        try (InputStream json = RegistryPackage.load().load("package", "ConceptMap-mesh-pain-condition.json")) {
            return new MeshConditions(FhirContext.forR4Cached().newJsonParser().parseResource(ConceptMap.class, json));
        } catch (IOException e) {
            throw new UncheckedIOException("The mesh-pain-condition ConceptMap could not be read", e);
        }
    }

    /** The codes of MeSH descriptor {@code meshId} (such as {@code D020370}), none when it is not a pain condition. */
    List<Coding> codingsFor(String meshId) {
        return codings.getOrDefault(meshId, List.of()).stream()
                .map(Coding::copy)
                .toList();
    }
}
