package org.regenregistry.ehr.mapping;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptReferenceComponent;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.regenregistry.profiles.RegistryPackage;

/**
 * The enumerated codes of the registry value sets the mapping decides by (pain and function scores, adverse-event
 * grades and seriousness criteria, routes), read from the registry package so the mapping and the profiles never
 * disagree.
 */
final class RegistryValueSets {

    static final String PAIN_SCORE = "pain-score";
    static final String FUNCTION_SCORE = "function-score";
    static final String AE_GRADE = "ae-grade";
    static final String AE_SERIOUSNESS_CRITERION = "ae-seriousness-criterion";
    static final String ADMINISTRATION_ROUTE = "administration-route";

    private static final String[] USED = {
        PAIN_SCORE, FUNCTION_SCORE, AE_GRADE, AE_SERIOUSNESS_CRITERION, ADMINISTRATION_ROUTE
    };

    private final Map<String, Map<String, Coding>> codesByValueSet;

    private RegistryValueSets(Map<String, Map<String, Coding>> codesByValueSet) {
        this.codesByValueSet = codesByValueSet;
    }

    static RegistryValueSets get() {
        return Holder.INSTANCE;
    }

    /** The value set's coding (with its display) for this system and code, if the value set lists it. */
    Optional<Coding> find(String valueSet, String system, String code) {
        Coding coding = codesByValueSet.get(valueSet).get(system + "|" + code);
        return Optional.ofNullable(coding).map(Coding::copy);
    }

    /** The first coding of a concept that the value set lists, as the value set writes it. */
    Optional<Coding> find(String valueSet, CodeableConcept concept) {
        for (Coding coding : concept.getCoding()) {
            Optional<Coding> listed = find(valueSet, coding.getSystem(), coding.getCode());
            if (listed.isPresent()) {
                return listed;
            }
        }
        return Optional.empty();
    }

    private static RegistryValueSets load() {
        NpmPackage registryPackage = RegistryPackage.load();
        Map<String, Map<String, Coding>> codes = new LinkedHashMap<>();
        for (String id : USED) {
            codes.put(id, codes(read(registryPackage, id)));
        }
        return new RegistryValueSets(codes);
    }

    private static ValueSet read(NpmPackage registryPackage, String id) {
        try (InputStream json = registryPackage.load("package", "ValueSet-" + id + ".json")) {
            return FhirContext.forR4Cached().newJsonParser().parseResource(ValueSet.class, json);
        } catch (IOException e) {
            throw new UncheckedIOException("The registry value set " + id + " could not be read", e);
        }
    }

    private static Map<String, Coding> codes(ValueSet valueSet) {
        Map<String, Coding> codes = new LinkedHashMap<>();
        for (ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            for (ConceptReferenceComponent concept : include.getConcept()) {
                codes.put(
                        include.getSystem() + "|" + concept.getCode(),
                        new Coding(include.getSystem(), concept.getCode(), concept.getDisplay()));
            }
        }
        return Map.copyOf(codes);
    }

    private static final class Holder {
        static final RegistryValueSets INSTANCE = load();
    }
}
