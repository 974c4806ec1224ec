package org.regenregistry.search.facet;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialSearchRequestTest {

    private static final TrialQuery PHASE_AND_COUNTRY = TrialQueryParameters.parse(
            Map.of("phase", List.of("phase-2"), "country", List.of("NO"), "age", List.of("50"), "q", List.of("knee")));

    @Test
    void eachFacetIsCountedWithEveryFilterButItsOwn() throws Exception {
        JsonNode request = json(PHASE_AND_COUNTRY);

        String phaseFilters = request.at("/aggregations/phase/filter").toString();
        assertThat(phaseFilters).doesNotContain("phase-2").contains("\"NO\"");
        String countryFilters = request.at("/aggregations/country/filter").toString();
        assertThat(countryFilters).contains("phase-2").doesNotContain("\"NO\"");
        JsonNode unfiltered = request.at("/aggregations/facets");
        assertThat(unfiltered.at("/filter").toString()).contains("phase-2", "\"NO\"");
        assertThat(unfiltered.at("/aggregations").has("status")).isTrue();
        assertThat(unfiltered.at("/aggregations").has("phase")).isFalse();
    }

    @Test
    void hitsHaveEveryFacetFilterAndCountsShareTheTextAndTheOtherFilters() throws Exception {
        JsonNode request = json(PHASE_AND_COUNTRY);

        assertThat(request.at("/post_filter").toString()).contains("phase-2", "\"NO\"");
        assertThat(request.at("/query").toString())
                .contains("knee", "eligibility.minAge", "eligibility.maxAge")
                .doesNotContain("phase-2");
        assertThat(request.at("/aggregations").size())
                .as("phase, country and the shared rest")
                .isEqualTo(3);
    }

    @Test
    void withoutFacetFiltersEveryFacetCountsTheHitsThemselves() throws Exception {
        JsonNode aggregations = json(TrialQuery.all()).at("/aggregations");

        assertThat(aggregations.size()).isEqualTo(Facet.values().length);
        assertThat(aggregations.at("/country/terms/field").asText())
                .as("sites are copied into the trial, so a trial with two sites in one country counts once")
                .isEqualTo("sites.country");
    }

    @Test
    void pagingAndATieBreakingSortAreSent() throws Exception {
        JsonNode request = json(new TrialQuery(null, Map.of(), null, null, null, null, TrialQuery.Sort.TITLE, 3, 25));

        assertThat(request.at("/from").asInt()).isEqualTo(75);
        assertThat(request.at("/size").asInt()).isEqualTo(25);
        assertThat(request.at("/sort").toString()).contains("title.sort").endsWith("{\"id\":{\"order\":\"asc\"}}]");
    }

    private static JsonNode json(TrialQuery query) throws Exception {
        return new ObjectMapper()
                .readTree(JsonpUtils.toJsonString(TrialSearch.request(query), new JacksonJsonpMapper()));
    }
}
