package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.results.TrialResults;
import org.regenregistry.statistics.Sample;

class RegisteredChangesTest {

    private static TrialResults.GroupValue group(
            String name, String statistic, double mean, int n, Object... dispersion) {
        Map<String, BigDecimal> values = new LinkedHashMap<>();
        for (int i = 0; i < dispersion.length; i += 2) {
            values.put((String) dispersion[i], BigDecimal.valueOf(((Number) dispersion[i + 1]).doubleValue()));
        }
        return new TrialResults.GroupValue(
                name, null, statistic, BigDecimal.valueOf(mean), "score", BigDecimal.valueOf(n), values);
    }

    private static TrialResults.Measure measure(
            String title, String domain, String timeFrame, TrialResults.GroupValue... groups) {
        return new TrialResults.Measure(title, domain, timeFrame, List.of(groups), List.of());
    }

    @Test
    void changesFromBaselineBecomeArmsAtTheirTimePoint() {
        TrialResults.Summary summary = new TrialResults.Summary(
                "t",
                List.of(
                        measure(
                                "Change From Baseline in WOMAC Pain Subscale (0-20) at 12 Months",
                                "pain",
                                "Baseline and 12 months",
                                group("LP-PRP", "mean", -5.1, 38, "standard-deviation", 3.4),
                                group("Saline", "least-squares-mean", -2.0, 36, "standard-error", 0.5)),
                        measure(
                                "Change in KOOS Function",
                                "function",
                                "26 weeks",
                                group("LP-PRP", "mean", 12.0, 30, "ci-lower", 8.0, "ci-upper", 16.0))),
                List.of());
        List<RegisteredChanges.Registered> registered =
                RegisteredChanges.of(summary, Map.of("LP-PRP", "experimental", "saline", "placebo-comparator"));

        assertThat(registered).hasSize(3);
        RegisteredChanges.Registered prp = registered.get(0);
        assertThat(prp.arm().timePoint()).isEqualTo("12mo");
        assertThat(prp.armType()).isEqualTo("experimental");
        assertThat(prp.name()).isEqualTo("Change From Baseline in WOMAC Pain Subscale (0-20)");
        assertThat(prp.key()).startsWith("registered:").hasSizeLessThanOrEqualTo(64);
        assertThat(prp.lowerIsBetter()).isTrue();
        assertThat(prp.arm().change().orElseThrow().sd()).isEqualTo(3.4);
        RegisteredChanges.Registered saline = registered.get(1);
        assertThat(saline.armType()).as("matched without regard to case").isEqualTo("placebo-comparator");
        assertThat(saline.arm().change().orElseThrow().sd()).isCloseTo(0.5 * Math.sqrt(36), within(1e-12));
        RegisteredChanges.Registered koos = registered.get(2);
        assertThat(koos.arm().timePoint()).isEqualTo("6mo");
        assertThat(koos.lowerIsBetter()).isFalse();
        assertThat(koos.arm().change().orElseThrow().sd())
                .isCloseTo(Sample.fromInterval(30, 12, 8, 16, 0.95).sd(), within(1e-12));
        assertThat(RegisteredChanges.key("change  in koos function")).isEqualTo(koos.key());
    }

    @Test
    void finalValuesMediansRangesAndOddTimesAreLeftToTheResultsPage() {
        TrialResults.Summary summary = new TrialResults.Summary(
                "t",
                List.of(
                        measure(
                                "VAS for Leg Pain - 6th Month",
                                "pain",
                                "6th month",
                                group("A", "mean", 3.0, 20, "standard-deviation", 1.0)),
                        measure(
                                "Change in pain",
                                "pain",
                                "6 months",
                                group("A", "median", -2.0, 20, "q1", -3, "q3", -1)),
                        measure(
                                "Change in pain",
                                "pain",
                                "6 months",
                                group("A", "mean", -2.0, 20, "minimum", -5, "maximum", 0)),
                        measure(
                                "Change in pain",
                                "pain",
                                "9 months",
                                group("A", "mean", -2.0, 20, "standard-deviation", 1.0)),
                        measure(
                                "Change in adverse events",
                                "safety",
                                "6 months",
                                group("A", "mean", 1, 20, "standard-deviation", 1.0))),
                List.of());
        assertThat(RegisteredChanges.of(summary, Map.of())).isEmpty();
    }
}
