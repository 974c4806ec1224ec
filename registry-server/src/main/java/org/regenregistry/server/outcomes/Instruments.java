package org.regenregistry.server.outcomes;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryPackage;
import org.regenregistry.statistics.Instrument;

/**
 * How the scores of the package's pain-score and function-score value sets are read, as the package says on each
 * concept (the outcome-instrument-scale extension): the outcome domain, which way is better, the responder rules and
 * the MCID where one is named, a short name. A score's preference, when a trial has several of a domain, is its place
 * in the value sets (the NRS first).
 */
final class Instruments {

    /**
     * A score of the package.
     *
     * @param instrument how its scores are read
     * @param domain {@code pain} or {@code function}
     * @param name its short name
     * @param preference the order in which a trial's scores of one domain are chosen for pooling (lower first)
     * @param system the code system of its code
     */
    record Known(Instrument instrument, String domain, String name, int preference, String system) {}

    private static final List<String> VALUE_SETS = List.of("ValueSet-pain-score.json", "ValueSet-function-score.json");

    static final List<Known> ALL = load();

    private static final Map<String, Known> BY_CODE =
            ALL.stream().collect(Collectors.toMap(known -> known.instrument().code(), Function.identity()));

    private Instruments() {}

    static Optional<Known> of(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    private static List<Known> load() {
        NpmPackage registry = RegistryPackage.load();
        List<Known> known = new ArrayList<>();
        for (String file : VALUE_SETS) {
            try (InputStream json = registry.load("package", file)) {
                ValueSet valueSet = FhirContext.forR4Cached().newJsonParser().parseResource(ValueSet.class, json);
                for (ValueSet.ConceptSetComponent include :
                        valueSet.getCompose().getInclude()) {
                    for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
                        known.add(known(concept, include.getSystem(), known.size()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("The registry package's " + file + " could not be read", e);
            }
        }
        return List.copyOf(known);
    }

    private static Known known(ValueSet.ConceptReferenceComponent concept, String system, int preference) {
        Extension scale = concept.getExtensionByUrl(RegistryExtensions.OUTCOME_INSTRUMENT_SCALE);
        if (scale == null) {
            throw new IllegalStateException("The package gives no scale for the score " + concept.getCode());
        }
        return new Known(
                new Instrument(
                        concept.getCode(),
                        Boolean.parseBoolean(part(scale, "lowerIsBetter").orElseThrow()),
                        part(scale, "painIntensity").map(Boolean::parseBoolean).orElse(false),
                        part(scale, "responderPoints").map(Double::parseDouble).orElse(0.0),
                        part(scale, "mcid").map(Double::parseDouble).orElse(Double.NaN)),
                part(scale, "domain").orElseThrow(),
                part(scale, "shortName").orElseThrow(),
                preference,
                system);
    }

    private static Optional<String> part(Extension scale, String name) {
        return Optional.ofNullable(scale.getExtensionByUrl(name))
                .map(Extension::getValue)
                .map(value -> value.primitiveValue());
    }
}
