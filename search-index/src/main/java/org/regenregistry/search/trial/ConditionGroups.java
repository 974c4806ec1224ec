package org.regenregistry.search.trial;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.ConceptMap.TargetElementComponent;
import org.regenregistry.profiles.RegistryPackage;

/**
 * The parent groupings of pain conditions ("Spinal pain" for both chronic low back pain and lumbar disc degeneration),
 * read from the registry package's <a href="https://hl7.org/fhir/R4/conceptmap.html">ConceptMap</a> {@code
 * condition-group}, so that search and the FHIR package never disagree on what a group contains.
 */
public final class ConditionGroups {

    private static final ConditionGroups REGISTRY = fromPackage();

    private final Map<String, List<String>> groupsByCoding;
    private final Map<String, String> conditionLabels;
    private final Map<String, String> groupLabels;
    private final List<String> names;

    ConditionGroups(ConceptMap map) {
        this.groupsByCoding = map.getGroup().stream()
                .flatMap(group -> group.getElement().stream().map(element -> Map.entry(group, element)))
                .collect(Collectors.toUnmodifiableMap(
                        entry ->
                                key(entry.getKey().getSource(), entry.getValue().getCode()),
                        entry -> targets(entry.getKey(), entry.getValue())));
        this.conditionLabels = map.getGroup().stream()
                .flatMap(group -> group.getElement().stream())
                .filter(SourceElementComponent::hasDisplay)
                .collect(Collectors.toUnmodifiableMap(
                        SourceElementComponent::getCode, SourceElementComponent::getDisplay, (first, same) -> first));
        this.groupLabels = map.getGroup().stream()
                .flatMap(group -> group.getElement().stream())
                .flatMap(element -> element.getTarget().stream())
                .filter(TargetElementComponent::hasDisplay)
                .collect(Collectors.toUnmodifiableMap(
                        TargetElementComponent::getCode, TargetElementComponent::getDisplay, (first, same) -> first));
        this.names = Stream.concat(conditionLabels.values().stream(), groupLabels.values().stream())
                .distinct()
                .sorted(String.CASE_INSENSITIVE_ORDER)
                .toList();
    }

    public static ConditionGroups registry() {
        return REGISTRY;
    }

    /** The groups of a condition code, empty for a code the map does not place. */
    public List<String> groupsOf(String system, String code) {
        return groupsByCoding.getOrDefault(key(system, code), List.of());
    }

    /** The registry's name for a condition code, if the map places it. */
    public Optional<String> conditionLabel(String code) {
        return Optional.ofNullable(conditionLabels.get(code));
    }

    /** The name of a condition group ("Spinal pain" for {@code spinal-pain}), if there is such a group. */
    public Optional<String> groupLabel(String group) {
        return Optional.ofNullable(groupLabels.get(group));
    }

    /** Every condition and group name the map knows, sorted: the suggestions of a condition search box. */
    public List<String> names() {
        return names;
    }

    private static List<String> targets(ConceptMapGroupComponent group, SourceElementComponent element) {
        return element.getTarget().stream().map(TargetElementComponent::getCode).toList();
    }

    private static String key(String system, String code) {
        return system + "|" + code;
    }

    private static ConditionGroups fromPackage() {
        try (InputStream json = RegistryPackage.load().load("package", "ConceptMap-condition-group.json")) {
            return new ConditionGroups(FhirContext.forR4Cached().newJsonParser().parseResource(ConceptMap.class, json));
        } catch (IOException e) {
            throw new UncheckedIOException("The condition-group ConceptMap could not be read", e);
        }
    }
}
