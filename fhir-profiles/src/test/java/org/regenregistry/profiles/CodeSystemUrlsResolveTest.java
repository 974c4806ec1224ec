package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every code system and value set the package names exists: in the package itself, in FHIR R4 core, or (for code
 * systems) among the external terminologies HL7 registers, which no offline validator can load. A made-up URL such as
 * {@code http://terminology.hl7.org/CodeSystem/research-study-arm-type} once sat in every example; HAPI only warns
 * about a code system it cannot find, the official validator refuses it.
 *
 * @see <a href="https://terminology.hl7.org/external_terminologies.html">HL7 external terminologies</a>
 */
class CodeSystemUrlsResolveTest {

    /**
     * SNOMED CT, LOINC, ICD-10-CM, UCUM, UN M49, NCI Thesaurus and the ASTM E1762-95 signature types (R4's
     * SignatureTypeCodes naming system, the system of R4's signature-type value set), by the URIs HL7 registers for
     * them.
     */
    private static final Set<String> EXTERNAL_CODE_SYSTEMS = Set.of(
            "http://snomed.info/sct",
            "http://loinc.org",
            "http://hl7.org/fhir/sid/icd-10-cm",
            "http://unitsofmeasure.org",
            "http://unstats.un.org/unsd/methods/m49/m49.htm",
            "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl",
            "urn:iso-astm:E1762-95:2013");

    private static final ValidationSupportChain CHAIN = RegistryValidator.CHAIN;

    static Stream<String> resources() {
        return Stream.concat(
                PackageResources.names("package").stream().map(name -> "package/" + name),
                PackageResources.names("example").stream().map(name -> "example/" + name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resources")
    void everyCodeSystemAndValueSetItNamesExists(String name) {
        IBaseResource resource = read(name);

        Set<String> unknown = new TreeSet<>();
        for (String system : codeSystems(resource)) {
            if (!EXTERNAL_CODE_SYSTEMS.contains(system) && CHAIN.fetchCodeSystem(system) == null) {
                unknown.add("code system " + system);
            }
        }
        for (String valueSet : boundValueSets(resource)) {
            if (CHAIN.fetchValueSet(valueSet) == null) {
                unknown.add("value set " + valueSet);
            }
        }

        assertThat(unknown).as(name).isEmpty();
    }

    private static Set<String> codeSystems(IBaseResource resource) {
        Set<String> systems = new TreeSet<>();
        RegistryValidator.FHIR.newTerser().getAllPopulatedChildElementsOfType(resource, Coding.class).stream()
                .filter(Coding::hasSystem)
                .forEach(coding -> systems.add(coding.getSystem()));
        if (resource instanceof ValueSet valueSet) {
            valueSet.getCompose().getInclude().stream()
                    .filter(ValueSet.ConceptSetComponent::hasSystem)
                    .forEach(include -> systems.add(include.getSystem()));
        }
        return systems;
    }

    private static Set<String> boundValueSets(IBaseResource resource) {
        Set<String> valueSets = new TreeSet<>();
        if (resource instanceof StructureDefinition definition) {
            definition.getDifferential().getElement().stream()
                    .filter(ElementDefinition::hasBinding)
                    .map(element -> element.getBinding().getValueSet())
                    .filter(url -> url != null)
                    .forEach(url -> valueSets.add(url.replaceFirst("\\|.*$", "")));
        }
        return valueSets;
    }

    private static IBaseResource read(String name) {
        String folder = name.substring(0, name.indexOf('/'));
        return PackageResources.read(folder, name.substring(folder.length() + 1));
    }
}
