package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryPackage;

class InstrumentsTest {

    @Test
    void everyScoreOfThePackageIsKnownAndNothingElse() throws IOException {
        Set<String> packaged = new HashSet<>();
        packaged.addAll(codes("ValueSet-pain-score.json"));
        packaged.addAll(codes("ValueSet-function-score.json"));
        assertThat(Instruments.ALL.stream()
                        .map(known -> known.instrument().code())
                        .collect(Collectors.toSet()))
                .isEqualTo(packaged);
    }

    @Test
    void theRatingScalesOfPainIntensityArePainAndCountPercentResponders() throws IOException {
        for (String code : codes("ValueSet-pain-score.json")) {
            Instruments.Known known = Instruments.of(code).orElseThrow();
            assertThat(known.domain()).isEqualTo("pain");
            assertThat(known.instrument().painIntensity()).isTrue();
            assertThat(known.instrument().lowerIsBetter()).isTrue();
        }
        assertThat(Instruments.of("72514-3").orElseThrow().instrument().minimumPoints())
                .isEqualTo(2);
        assertThat(Instruments.of("72102-7").orElseThrow().instrument().lowerIsBetter())
                .as("KOOS: 100 is no symptoms")
                .isFalse();
    }

    @Test
    void eachCodeIsOfTheSystemTheValueSetsNameItBy() throws IOException {
        for (String file : List.of("ValueSet-pain-score.json", "ValueSet-function-score.json")) {
            for (ValueSet.ConceptSetComponent include :
                    valueSet(file).getCompose().getInclude()) {
                for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
                    assertThat(Instruments.of(concept.getCode()).orElseThrow().system())
                            .as(concept.getCode())
                            .isEqualTo(include.getSystem());
                }
            }
        }
    }

    private static ValueSet valueSet(String file) throws IOException {
        NpmPackage registry = RegistryPackage.load();
        try (InputStream json = registry.load("package", file)) {
            return FhirContext.forR4Cached().newJsonParser().parseResource(ValueSet.class, json);
        }
    }

    private static Set<String> codes(String file) throws IOException {
        return valueSet(file).getCompose().getInclude().stream()
                .flatMap(include -> include.getConcept().stream())
                .map(ValueSet.ConceptReferenceComponent::getCode)
                .collect(Collectors.toSet());
    }
}
