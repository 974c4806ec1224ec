package org.regenregistry.search.facet;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
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
        JsonNode request = json(TrialSearch.facets(PHASE_AND_COUNTRY));

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
        JsonNode hits = json(TrialSearch.hits(PHASE_AND_COUNTRY));
        JsonNode counts = json(TrialSearch.facets(PHASE_AND_COUNTRY));

        assertThat(hits.at("/query").toString())
                .contains("knee", "eligibility.minAge", "eligibility.maxAge", "phase-2", "\"NO\"");
        assertThat(hits.has("aggregations")).isFalse();
        assertThat(counts.at("/query").toString())
                .contains("knee", "eligibility.minAge", "eligibility.maxAge")
                .doesNotContain("phase-2");
        assertThat(counts.at("/aggregations").size())
                .as("phase, country and the shared rest")
                .isEqualTo(3);
    }

    @Test
    void theCountsAskForNoHitsAndForTheShardRequestCache() {
        MsearchRequest request = TrialSearch.request(PHASE_AND_COUNTRY);

        assertThat(request.index()).containsExactly("trials");
        assertThat(request.searches()).hasSize(2);
        assertThat(request.searches().get(0).header().requestCache()).isNull();
        assertThat(request.searches().get(0).body().size()).isEqualTo(TrialQuery.DEFAULT_PAGE_SIZE);
        assertThat(request.searches().get(1).header().requestCache()).isTrue();
        assertThat(request.searches().get(1).body().size()).isZero();
        assertThat(request.searches().get(1).body().trackTotalHits().enabled()).isFalse();
    }

    @Test
    void withoutFacetFiltersEveryFacetCountsTheHitsThemselves() throws Exception {
        JsonNode aggregations = json(TrialSearch.facets(TrialQuery.all())).at("/aggregations");

        assertThat(aggregations.size()).isEqualTo(Facet.values().length);
        assertThat(aggregations.at("/country/terms/field").asText())
                .as("sites are copied into the trial, so a trial with two sites in one country counts once")
                .isEqualTo("sites.country");
    }

    @Test
    void pagingAndATieBreakingSortAreSent() throws Exception {
        JsonNode request = json(
                TrialSearch.hits(new TrialQuery(null, Map.of(), null, null, null, null, TrialQuery.Sort.TITLE, 3, 25)));

        assertThat(request.at("/from").asInt()).isEqualTo(75);
        assertThat(request.at("/size").asInt()).isEqualTo(25);
        assertThat(request.at("/sort").toString()).contains("title.sort").endsWith("{\"id\":{\"order\":\"asc\"}}]");
    }

    private static JsonNode json(MultisearchBody body) throws Exception {
        return new ObjectMapper().readTree(JsonpUtils.toJsonString(body, new JacksonJsonpMapper()));
    }
}
