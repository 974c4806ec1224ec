package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A required binding to a value set that enumerates LOINC or NCI Thesaurus codes is checked by the official HL7
 * validator only with a terminology server: offline it reports "unable to check" and lets any code through. Each such
 * element therefore carries an invariant that lists the same codes, and this test keeps the two lists identical.
 */
class OfflineBindingsTest {

    private static final ValidationSupportChain CHAIN = RegistryValidator.CHAIN;

    static Stream<Arguments> requiredBindingsToExternalCodes() {
        return RegistryValidator.packageStructureDefinitions().stream()
                .flatMap(definition -> definition.getDifferential().getElement().stream()
                        .filter(element -> element.getBinding().getStrength() == BindingStrength.REQUIRED)
                        .filter(element -> externalIncludes(element).findAny().isPresent())
                        .map(element -> Arguments.of(definition.getName() + " " + element.getId(), element)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requiredBindingsToExternalCodes")
    void theElementListsTheValueSetsExternalCodesInAnInvariant(String name, ElementDefinition element) {
        List<String> expressions = element.getConstraint().stream()
                .map(ElementDefinition.ElementDefinitionConstraintComponent::getExpression)
                .toList();

        externalIncludes(element).forEach(include -> {
            String codes = include.getConcept().stream()
                    .map(concept -> "code = '" + concept.getCode() + "'")
                    .collect(Collectors.joining(" or "));
            String expected = "(system = '" + include.getSystem() + "' and (" + codes + "))";
            assertThat(expressions).as(name).anySatisfy(expression -> assertThat(expression)
                    .startsWith("coding.exists(")
                    .contains(expected));
        });
    }

    /** The includes of the bound value set that enumerate codes of a code system no offline validator holds. */
    private static Stream<ValueSet.ConceptSetComponent> externalIncludes(ElementDefinition element) {
        ValueSet valueSet = (ValueSet) CHAIN.fetchValueSet(element.getBinding().getValueSet());
        if (valueSet == null) {
            return Stream.empty();
        }
        return valueSet.getCompose().getInclude().stream()
                .filter(ValueSet.ConceptSetComponent::hasConcept)
                .filter(include -> CHAIN.fetchCodeSystem(include.getSystem()) == null);
    }
}
