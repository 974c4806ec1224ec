package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.NamingSystem;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary constants and the package name the same things: each constant has its resource in the package, and
 * each profile, extension, code system and naming system of the package has its constant. A URL renamed in the JSON
 * therefore fails the build until the constant follows, and the modules that use the constant follow with it.
 */
class RegistryVocabularyTest {

    @Test
    void profilesAreThePackagesProfiles() {
        assertThat(constants(RegistryProfiles.class))
                .containsExactlyInAnyOrderElementsOf(RegistryValidator.packageStructureDefinitions().stream()
                        .filter(definition -> !definition.getType().equals("Extension"))
                        .map(StructureDefinition::getUrl)
                        .toList());
    }

    @Test
    void extensionsAreThePackagesExtensions() {
        assertThat(constants(RegistryExtensions.class))
                .containsExactlyInAnyOrderElementsOf(RegistryValidator.packageStructureDefinitions().stream()
                        .filter(definition -> definition.getType().equals("Extension"))
                        .map(StructureDefinition::getUrl)
                        .toList());
    }

    @Test
    void codeSystemsAreThePackagesCodeSystems() {
        assertThat(constants(RegistryCodeSystems.class))
                .containsExactlyInAnyOrderElementsOf(PackageResources.of(CodeSystem.class).stream()
                        .map(CodeSystem::getUrl)
                        .toList());
    }

    @Test
    void identifierSystemsAreThePackagesNamingSystems() {
        assertThat(constants(RegistryIdentifierSystems.class))
                .containsExactlyInAnyOrderElementsOf(PackageResources.of(NamingSystem.class).stream()
                        .flatMap(namingSystem -> namingSystem.getUniqueId().stream())
                        .filter(uniqueId -> uniqueId.getType() == NamingSystem.NamingSystemIdentifierType.URI)
                        .map(NamingSystem.NamingSystemUniqueIdComponent::getValue)
                        .toList());
    }

    private static List<String> constants(Class<?> vocabulary) {
        return Stream.of(vocabulary.getDeclaredFields())
                .filter(field -> Modifier.isPublic(field.getModifiers()) && Modifier.isStatic(field.getModifiers()))
                .filter(field -> field.getType() == String.class)
                .map(RegistryVocabularyTest::value)
                .toList();
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
