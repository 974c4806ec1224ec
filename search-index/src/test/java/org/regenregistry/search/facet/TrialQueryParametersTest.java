package org.regenregistry.search.facet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrialQueryParametersTest {

    @Test
    void facetValuesMayRepeatOrBeCommaSeparated() {
        TrialQuery query = TrialQueryParameters.parse(Map.of(
                "phase", List.of("phase-2,phase-3", "phase-1"),
                "country", List.of("NO"),
                "q", List.of(" knee "),
                "near", List.of("59.9,10.7,50"),
                "startFrom", List.of("2026-01-01"),
                "sort", List.of("-startDate"),
                "page", List.of("2"),
                "size", List.of("50")));

        assertThat(query.filters())
                .containsOnlyKeys(Facet.PHASE, Facet.COUNTRY)
                .containsEntry(Facet.COUNTRY, java.util.Set.of("NO"));
        assertThat(query.filters().get(Facet.PHASE)).containsExactly("phase-2", "phase-3", "phase-1");
        assertThat(query.text()).isEqualTo("knee");
        assertThat(query.near()).isEqualTo(new TrialQuery.Near(59.9, 10.7, 50));
        assertThat(query.startFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(query.sort()).isEqualTo(TrialQuery.Sort.START_DATE_DESC);
        assertThat(query.page()).isEqualTo(2);
        assertThat(query.size()).isEqualTo(50);
    }

    @Test
    void noParametersMeanEveryTrialFirstPage() {
        assertThat(TrialQueryParameters.parse(Map.of())).isEqualTo(TrialQuery.all());
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '"',
            value = {
                "phse => phase-2 => Unknown parameter 'phse'",
                "size => 101 => size must be between 1 and 100, was 101",
                "size => 0 => size must be between 1 and 100, was 0",
                "page => 500 => page 500 of size 20 reaches past the first 10000 trials",
                "page => -1 => page must be 0 or more, was -1",
                "page => two => 'page' must be a whole number, was 'two'",
                "age => 200 => age must be between 0 and 150, was 200",
                "near => 59.9,10.7 => 'near' must be latitude,longitude,kilometres",
                "near => 95,10.7,10 => near: latitude must be within -90..90",
                "near => 59.9,10.7,0 => near: the distance must be more than 0",
                "startTo => 2026-13-01 => 'startTo' must be a date (YYYY-MM-DD), was '2026-13-01'",
                "sort => newest => 'sort' must be one of relevance, startDate, -startDate, title, -lastUpdated",
                "hasResults => yes => 'hasResults' must be true or false, was 'yes'"
            })
    void badParametersAreRefusedWithTheirName(String parameter, String value, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrialQueryParameters.parse(Map.of(parameter, List.of(value))))
                .withMessageStartingWith(message);
    }

    @Test
    void aStartRangeMustNotBeBackwards() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> TrialQueryParameters.parse(
                        Map.of("startFrom", List.of("2026-05-01"), "startTo", List.of("2026-01-01"))))
                .withMessage("startFrom 2026-05-01 is after startTo 2026-01-01");
    }
}
