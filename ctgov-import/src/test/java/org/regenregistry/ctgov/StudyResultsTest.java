package org.regenregistry.ctgov;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;

class StudyResultsTest {

    /** Titles of real records' outcome measures (the labelled set and aact's fixtures). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            textBlock =
                    """
            VAS for Lumbar Pain in 3 Months                                                   | pain
            VAS for Lumbar - 1st Week                                                         | pain
            Oswestry Disability Index (ODI) - 1st Month                                       | function
            Functional Status Assessed by Oswestry Disability Index                           | function
            Change From Baseline in Nocturnal Spinal Pain Numerical Rating Scale (NRS) at Week 52 | pain
            Change From Baseline to Week 12 in the Bath Ankylosing Spondylitis Functional Index (BASFI) | function
            The Number of Participants With a ≥30% Improvement in Neck Disability Index (NDI-5) | function
            Changes in Lower Back Pain or Leg Pain Assessed by 11-point Numerical Rating Scale | pain
            Change From Baseline in Peak Weekly Averaged Pruritis Numerical Rating Scale (NRS) Scores | none
            Patient satisfaction VAS                                                          | none
            Brief Pain Inventory pain interference                                            | function
            Certolizumab Pegol Plasma Concentration at Baseline                               | none
            """)
    void theDomainComesFromTheTitle(String title, String domain) {
        assertThat(StudyResults.domain(title)).isEqualTo(Optional.ofNullable(domain));
    }

    @ParameterizedTest
    @CsvSource({"0.05,,0.05", "<0.001,<,0.001", "≤ 0.05,<=,0.05", "> .2,>,.2"})
    void aPValueKeepsItsComparator(String reported, String comparator, String value) {
        Quantity p = StudyResults.pValue(reported).orElseThrow();

        assertThat(p.hasComparator() ? p.getComparator().toCode() : null).isEqualTo(comparator);
        assertThat(p.getValue()).isEqualByComparingTo(value);
    }

    @Test
    void aValueThatIsNotANumberIsNoPValue() {
        assertThat(StudyResults.pValue("NS")).isEmpty();
    }

    /** NCT01367860: open microdiscectomy against percutaneous discectomy, from the website's JSON download. */
    @Test
    void aPainMeasureBecomesASummaryPerGroupAndItsAnalysisAComparison() {
        List<String> notes = new ArrayList<>();
        Map<String, Observation> results =
                StudyResults.map(Fixtures.study("labelled", "NCT01367860"), "ctgov-nct01367860", notes);

        Observation open = only(results, RegistryProfiles.RESULT_SUMMARY, "VAS for Lumbar Pain in 3 Months", "OMicro");
        assertThat(open.getValueQuantity().getValue()).isEqualByComparingTo("2.63");
        assertThat(open.getValueQuantity().getUnit()).isEqualTo("units on a scale");
        assertThat(open.getMethod().getCodingFirstRep().getCode()).isEqualTo("mean");
        assertThat(component(open, "standard-deviation")).isEqualByComparingTo("2.9");
        assertThat(component(open, "n-analysed")).isEqualByComparingTo("20");
        assertThat(open.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("pain");

        Observation comparison =
                only(results, RegistryProfiles.RESULT_COMPARISON, "VAS for Lumbar Pain in 3 Months", null);
        assertThat(strings(comparison, RegistryExtensions.RESULT_GROUP)).containsExactly("OMicro", "SJet");
        assertThat(comparison.getMethod().getText()).isEqualTo("Mean Difference (Final Values)");
        assertThat(comparison.getValueQuantity().getValue()).isEqualByComparingTo("-1.89");
        assertThat(component(comparison, "ci-lower")).isEqualByComparingTo("-4.05");
        assertThat(component(comparison, "ci-upper")).isEqualByComparingTo("0.26");
        assertThat(component(comparison, "ci-level")).isEqualByComparingTo("95");
        assertThat(component(comparison, "standard-error")).isEqualByComparingTo("1.06");
        assertThat(component(comparison, "p-value")).isEqualByComparingTo("0.05");
        assertThat(comparison.getNoteFirstRep().getText()).startsWith("t-test, 2 sided. two-sided");

        Observation serious = results.values().stream()
                .filter(result -> result.getMeta().hasProfile(RegistryProfiles.RESULT_ADVERSE_EVENTS))
                .filter(result -> result.getCode().getCodingFirstRep().getCode().equals("serious-adverse-events"))
                .filter(result ->
                        strings(result, RegistryExtensions.RESULT_GROUP).contains("SJet"))
                .findFirst()
                .orElseThrow();
        Ratio affected = serious.getValueRatio();
        assertThat(affected.getNumerator().getValue()).isEqualByComparingTo("0");
        assertThat(affected.getDenominator().getValue()).isEqualByComparingTo("20");
    }

    /** NCT02552212 (aact): five event groups, serious and other events by term and organ system. */
    @Test
    void adverseEventsAreCountedPerGroupAndTerm() {
        Map<String, Observation> results =
                StudyResults.map(Fixtures.study("aact", "NCT02552212"), "ctgov-nct02552212", new ArrayList<>());

        List<Observation> events = results.values().stream()
                .filter(result -> result.getMeta().hasProfile(RegistryProfiles.RESULT_ADVERSE_EVENTS))
                .toList();
        assertThat(events).hasSize(10);
        Observation placeboSerious = events.stream()
                .filter(result -> result.getCode().getCodingFirstRep().getCode().equals("serious-adverse-events"))
                .filter(result ->
                        strings(result, RegistryExtensions.RESULT_GROUP).equals(List.of("Placebo (SS)")))
                .findFirst()
                .orElseThrow();
        assertThat(placeboSerious.getValueRatio().getNumerator().getValue()).isEqualByComparingTo("4");
        assertThat(placeboSerious.getValueRatio().getDenominator().getValue()).isEqualByComparingTo("158");
        assertThat(placeboSerious.getComponent()).isNotEmpty().allSatisfy(term -> {
            assertThat(term.getCode().getText()).isNotBlank();
            assertThat(term.getExtensionByUrl(RegistryExtensions.ORGAN_SYSTEM)).isNotNull();
        });
    }

    private static Observation only(Map<String, Observation> results, String profile, String measure, String group) {
        List<Observation> found = results.values().stream()
                .filter(result -> result.getMeta().hasProfile(profile))
                .filter(result -> result.getCode().getText().equals(measure))
                .filter(result -> group == null
                        || strings(result, RegistryExtensions.RESULT_GROUP).equals(List.of(group)))
                .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static java.math.BigDecimal component(Observation observation, String statistic) {
        return observation.getComponent().stream()
                .filter(part -> part.getCode().getCodingFirstRep().getCode().equals(statistic))
                .map(part -> part.getValueQuantity().getValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + statistic));
    }

    private static List<String> strings(Observation observation, String url) {
        return observation.getExtensionsByUrl(url).stream()
                .map(extension -> ((StringType) extension.getValue()).getValue())
                .toList();
    }
}
