package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule a profile's differential states survives into the snapshot HAPI generates from it. HAPI's snapshot
 * generator silently drops differential elements that are out of the base's element order (rr-trial's period once
 * came after its enrollment, out of R4's order, and was not enforced); the official validator reports them.
 */
class SnapshotCoversDifferentialTest {

    private static final ValidationSupportChain CHAIN = RegistryValidator.CHAIN;

    static Stream<StructureDefinition> profiles() {
        return RegistryValidator.packageStructureDefinitions().stream().filter(StructureDefinition::hasDifferential);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void everyDifferentialElementIsInTheGeneratedSnapshot(StructureDefinition profile) {
        StructureDefinition differentialOnly = profile.copy();
        differentialOnly.setSnapshot(null);
        StructureDefinition generated =
                (StructureDefinition) new SnapshotGeneratingValidationSupport(RegistryValidator.FHIR)
                        .generateSnapshot(
                                new ValidationSupportContext(CHAIN),
                                differentialOnly,
                                profile.getUrl(),
                                null,
                                profile.getName());

        List<String> snapshotIds = new ArrayList<>();
        generated.getSnapshot().getElement().forEach(element -> snapshotIds.add(element.getId()));
        List<String> differentialIds = profile.getDifferential().getElement().stream()
                .map(ElementDefinition::getId)
                .toList();

        assertThat(snapshotIds).as(profile.getUrl()).containsAll(differentialIds);
    }
}
