package org.regenregistry.search.facet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrialSearchResultTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "1, ", "4, ", "5, 5", "120, 120"})
    void subjectCountsAboveZeroAndBelowTheThresholdAreLeftOut(int subjects, Integer shown) {
        TrialSearchResult.Hit hit = new TrialSearchResult.Hit(
                "prp-knee-oa",
                "PRP for knee osteoarthritis",
                "active",
                "recruiting",
                "phase-2",
                List.of("prp"),
                List.of("platelet-rich-plasma"),
                List.of("Osteoarthritis of knee"),
                List.of("osteoarthritis"),
                List.of("NO"),
                1,
                "St Olaf",
                LocalDate.of(2026, 1, 15),
                LocalDate.of(2028, 1, 15),
                120,
                subjects,
                true);

        TrialSearchResult.Hit suppressed = hit.withSubjectsBelow(5);

        assertThat(suppressed.subjects()).isEqualTo(shown);
        assertThat(suppressed)
                .usingRecursiveComparison()
                .ignoringFields("subjects")
                .isEqualTo(hit);
    }
}
