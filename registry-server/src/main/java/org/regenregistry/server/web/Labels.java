package org.regenregistry.server.web;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.regenregistry.profiles.RegistryPackage;
import org.regenregistry.search.facet.Facet;

/**
 * What the pages call the facets and their values: a value's name from the registry package's code systems (therapy
 * family, subtype, recruitment status, cell type, paradigm...), so the page and the FHIR package use one vocabulary;
 * countries by their English names; the trial phases and statuses of FHIR R4's research-study value sets.
 */
final class Labels {

    /** The side bar's filters in the order a researcher narrows a search, and their headings. */
    static final Map<Facet, String> HEADINGS = headings();

    /** https://hl7.org/fhir/R4/valueset-research-study-phase.html, https://hl7.org/fhir/R4/codesystem-research-study-status.html */
    private static final Map<String, String> CORE = Map.ofEntries(
            Map.entry("n-a", "Not applicable"),
            Map.entry("early-phase-1", "Early phase 1"),
            Map.entry("phase-1", "Phase 1"),
            Map.entry("phase-1-phase-2", "Phase 1/2"),
            Map.entry("phase-2", "Phase 2"),
            Map.entry("phase-2-phase-3", "Phase 2/3"),
            Map.entry("phase-3", "Phase 3"),
            Map.entry("phase-4", "Phase 4"),
            Map.entry("active", "Active"),
            Map.entry("administratively-completed", "Administratively completed"),
            Map.entry("approved", "Approved"),
            Map.entry("closed-to-accrual", "Closed to accrual"),
            Map.entry("closed-to-accrual-and-intervention", "Closed to accrual and intervention"),
            Map.entry("in-review", "In review"),
            Map.entry("temporarily-closed-to-accrual", "Temporarily closed to accrual"),
            Map.entry(
                    "temporarily-closed-to-accrual-and-intervention", "Temporarily closed to accrual and intervention"),
            Map.entry("female", "Female"),
            Map.entry("male", "Male"));

    private static final Map<String, String> PACKAGE = packageDisplays();

    private Labels() {}

    /** The name of a facet value; {@code indexed} is the index's own label where it has one (condition names). */
    static String value(Facet facet, String code, String indexed) {
        if (indexed != null) {
            return indexed;
        }
        if (facet.yesNo()) {
            return "true".equals(code) ? "Yes" : "No";
        }
        if (facet == Facet.COUNTRY) {
            String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
            return name.isBlank() || name.equals(code) ? code : name;
        }
        return code(code);
    }

    /** The name of a code of the package or of FHIR's trial value sets; the code itself, readable, otherwise. */
    static String code(String code) {
        if (code == null) {
            return "";
        }
        String known = CORE.getOrDefault(code, PACKAGE.get(code));
        if (known != null) {
            return known;
        }
        String words = code.replace('-', ' ');
        return words.isEmpty() ? code : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** The names of several codes, joined. */
    static String codes(List<String> codes) {
        return String.join(", ", codes.stream().map(Labels::code).toList());
    }

    private static Map<Facet, String> headings() {
        Map<Facet, String> headings = new LinkedHashMap<>();
        headings.put(Facet.CONDITION_GROUP, "Condition group");
        headings.put(Facet.CONDITION, "Condition");
        headings.put(Facet.THERAPY_FAMILY, "Therapy");
        headings.put(Facet.THERAPY_SUBTYPE, "Kind of therapy");
        headings.put(Facet.CELL_TYPE, "Cell type");
        headings.put(Facet.TISSUE_SOURCE, "Tissue source");
        headings.put(Facet.DONOR_RELATIONSHIP, "Donor");
        headings.put(Facet.LEUKOCYTE_CLASS, "PRP leukocytes");
        headings.put(Facet.VECTOR_TYPE, "Vector");
        headings.put(Facet.MODALITY, "Neuromodulation device");
        headings.put(Facet.PARADIGM, "Stimulation paradigm");
        headings.put(Facet.IMPLANTED, "Implanted device");
        headings.put(Facet.PHASE, "Phase");
        headings.put(Facet.STATUS, "Trial status");
        headings.put(Facet.RECRUITMENT_STATUS, "Recruitment");
        headings.put(Facet.COUNTRY, "Country");
        headings.put(Facet.SEX, "Eligible sex");
        headings.put(Facet.HAS_RESULTS, "Has results");
        if (headings.size() != Facet.values().length) {
            throw new IllegalStateException("Every facet needs a heading on the search page");
        }
        return headings;
    }

    private static Map<String, String> packageDisplays() {
        NpmPackage registry = RegistryPackage.load();
        Map<String, String> displays = new HashMap<>();
        try {
            for (String file : registry.list("package")) {
                if (!file.startsWith("CodeSystem-")) {
                    continue;
                }
                try (InputStream json = registry.load("package", file)) {
                    CodeSystem system =
                            FhirContext.forR4Cached().newJsonParser().parseResource(CodeSystem.class, json);
                    collect(system.getConcept(), displays);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The registry package's code systems could not be read", e);
        }
        return Map.copyOf(displays);
    }

    private static void collect(List<ConceptDefinitionComponent> concepts, Map<String, String> displays) {
        for (ConceptDefinitionComponent concept : concepts) {
            if (concept.hasDisplay()) {
                displays.putIfAbsent(concept.getCode(), concept.getDisplay());
            }
            collect(concept.getConcept(), displays);
        }
    }
}
