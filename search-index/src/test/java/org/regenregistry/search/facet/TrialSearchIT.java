package org.regenregistry.search.facet;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regenregistry.elasticsearch.EmbeddedElasticsearch;
import org.regenregistry.search.trial.ExampleTrialRecords;
import org.regenregistry.search.trial.SearchClients;
import org.regenregistry.search.trial.TrialIndex;
import org.regenregistry.search.trial.TrialMapper;

/** Faceted search over the four example trials on a real Elasticsearch 8.19 node. */
class TrialSearchIT {

    @TempDir
    static Path workDir;

    static EmbeddedElasticsearch node;
    static ElasticsearchClient client;
    static TrialSearch search;

    @BeforeAll
    static void indexTheExampleTrials() throws Exception {
        node = EmbeddedElasticsearch.start(workDir, 0, "384m", Duration.ofMinutes(2));
        client = SearchClients.connect(List.of(node.httpUri()));
        TrialIndex index = new TrialIndex(client);
        index.createIfMissing();
        for (String key : ExampleTrialRecords.KEYS) {
            index.index(TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record(key, 1)));
        }
        client.indices().refresh(refresh -> refresh.index(TrialIndex.ALIAS));
        search = new TrialSearch(client);
    }

    @AfterAll
    static void stop() throws Exception {
        client._transport().close();
        node.close();
    }

    @Test
    void withoutFiltersEveryFacetCountsEveryTrial() throws Exception {
        TrialSearchResult result = search.search(TrialQuery.all());

        assertThat(result.total()).isEqualTo(6);
        assertThat(counts(result, Facet.PHASE))
                .isEqualTo(Map.of("phase-1", 2L, "phase-1-phase-2", 1L, "phase-2", 1L, "n-a", 2L));
        assertThat(counts(result, Facet.THERAPY_FAMILY))
                .isEqualTo(Map.of(
                        "prp", 1L,
                        "stem-cell", 1L,
                        "exosome", 1L,
                        "gene-therapy", 1L,
                        "neuromodulation", 1L,
                        "integrative", 1L));
        assertThat(counts(result, Facet.COUNTRY))
                .isEqualTo(Map.of("US", 1L, "GB", 1L, "DE", 1L, "NO", 1L, "NL", 1L, "DK", 1L));
        assertThat(counts(result, Facet.HAS_RESULTS)).containsKey("true");
        assertThat(counts(result, Facet.MODALITY)).isEqualTo(Map.of("scs", 1L));
        assertThat(counts(result, Facet.IMPLANTED)).isEqualTo(Map.of("true", 1L));
        assertThat(counts(result, Facet.THERAPY_SUBTYPE)).isEqualTo(Map.of("scs", 1L, "mind-body", 1L));
    }

    @Test
    void oneTrialIsReadByIdWithEverythingTheIndexKnows() throws Exception {
        assertThat(search.trial("scs-diabetic-neuropathy")).hasValueSatisfying(trial -> {
            assertThat(trial.device().modalities()).containsExactly("scs");
            assertThat(trial.sites()).isNotEmpty();
        });
        assertThat(search.trial("no-such-trial")).isEmpty();
    }

    @Test
    void aHitCarriesWhatAResultCardShows() throws Exception {
        TrialSearchResult result = search.search(query(Map.of("modality", List.of("scs"))));

        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.therapySubtypes()).containsExactly("scs");
            assertThat(hit.sites()).isPositive();
            assertThat(hit.targetEnrollment()).isPositive();
        });
    }

    @Test
    void aFacetIsCountedWithoutItsOwnFilterSoTheChoiceCanBeWidened() throws Exception {
        TrialSearchResult result = search.search(query(Map.of("phase", List.of("phase-1"))));

        assertThat(result.hits())
                .extracting(TrialSearchResult.Hit::id)
                .containsExactlyInAnyOrder("aav-neuropathic-pain", "exosome-tendinopathy");
        assertThat(counts(result, Facet.PHASE))
                .isEqualTo(Map.of("phase-1", 2L, "phase-1-phase-2", 1L, "phase-2", 1L, "n-a", 2L));
        assertThat(counts(result, Facet.COUNTRY)).isEqualTo(Map.of("US", 1L, "GB", 1L));
        assertThat(counts(result, Facet.STATUS)).isEqualTo(Map.of("active", 1L, "approved", 1L));
    }

    @Test
    void twoFacetFiltersNarrowEachOthersCounts() throws Exception {
        TrialSearchResult result =
                search.search(query(Map.of("phase", List.of("phase-1"), "status", List.of("active"))));

        assertThat(result.total()).isEqualTo(1);
        assertThat(result.hits()).extracting(TrialSearchResult.Hit::id).containsExactly("aav-neuropathic-pain");
        assertThat(counts(result, Facet.PHASE))
                .isEqualTo(Map.of("phase-1", 1L, "phase-1-phase-2", 1L, "phase-2", 1L, "n-a", 2L));
        assertThat(counts(result, Facet.STATUS)).isEqualTo(Map.of("active", 1L, "approved", 1L));
    }

    @Test
    void conditionsAreCountedByCodeWithTheirNameAndByGroup() throws Exception {
        TrialSearchResult result = search.search(query(Map.of("conditionGroup", List.of("spinal-pain"))));

        assertThat(result.hits())
                .extracting(TrialSearchResult.Hit::id)
                .containsExactlyInAnyOrder("msc-disc-degeneration", "mindfulness-low-back-pain");
        assertThat(result.facets().get("condition"))
                .contains(
                        new TrialSearchResult.FacetCount("26538006", "Degeneration of lumbar intervertebral disc", 1),
                        new TrialSearchResult.FacetCount("278860009", "Chronic low back pain", 2));
        assertThat(result.facets().get("conditionGroup"))
                .contains(new TrialSearchResult.FacetCount("spinal-pain", "Spinal pain and disc degeneration", 2));
    }

    @Test
    void ageDistanceAndStartDateNarrowHitsAndCounts() throws Exception {
        assertThat(ids(Map.of("age", List.of("20"))))
                .containsExactlyInAnyOrder(
                        "exosome-tendinopathy",
                        "msc-disc-degeneration",
                        "scs-diabetic-neuropathy",
                        "mindfulness-low-back-pain");
        assertThat(ids(Map.of("near", List.of("59.91,10.75,100")))).containsExactly("prp-knee-oa");
        assertThat(ids(Map.of("startFrom", List.of("2026-03-01"))))
                .containsExactlyInAnyOrder(
                        "aav-neuropathic-pain",
                        "exosome-tendinopathy",
                        "scs-diabetic-neuropathy",
                        "mindfulness-low-back-pain");
        TrialSearchResult young = search.search(query(Map.of("age", List.of("20"))));
        assertThat(counts(young, Facet.COUNTRY)).isEqualTo(Map.of("GB", 1L, "DE", 1L, "NL", 1L, "DK", 1L));
    }

    @Test
    void freeTextFindsTitlesAndConditionNames() throws Exception {
        assertThat(ids(Map.of("q", List.of("knee")))).containsExactly("prp-knee-oa");
        assertThat(ids(Map.of("q", List.of("neuropathy"))))
                .containsExactlyInAnyOrder("aav-neuropathic-pain", "scs-diabetic-neuropathy");
    }

    @Test
    void devicesAreFacetsOfTheirTrials() throws Exception {
        TrialSearchResult implanted = search.search(query(Map.of("implanted", List.of("true"))));

        assertThat(implanted.hits()).extracting(TrialSearchResult.Hit::id).containsExactly("scs-diabetic-neuropathy");
        assertThat(counts(implanted, Facet.PARADIGM)).isEqualTo(Map.of("high-frequency-10khz", 1L));
        assertThat(ids(Map.of("modality", List.of("scs", "tms")))).containsExactly("scs-diabetic-neuropathy");
        assertThat(ids(Map.of("modality", List.of("dbs")))).isEmpty();
        assertThat(ids(Map.of("therapyFamily", List.of("integrative"), "therapySubtype", List.of("mind-body"))))
                .containsExactly("mindfulness-low-back-pain");
    }

    @Test
    void pagesFollowTheSortOrder() throws Exception {
        TrialSearchResult second =
                search.search(query(Map.of("sort", List.of("startDate"), "size", List.of("1"), "page", List.of("1"))));

        assertThat(second.total()).isEqualTo(6);
        assertThat(second.hits()).extracting(TrialSearchResult.Hit::id).containsExactly("prp-knee-oa");
    }

    private static List<String> ids(Map<String, List<String>> parameters) throws Exception {
        return search.search(query(parameters)).hits().stream()
                .map(TrialSearchResult.Hit::id)
                .toList();
    }

    private static TrialQuery query(Map<String, List<String>> parameters) {
        return TrialQueryParameters.parse(parameters);
    }

    private static Map<String, Long> counts(TrialSearchResult result, Facet facet) {
        return result.facets().get(facet.parameter()).stream()
                .collect(Collectors.toMap(TrialSearchResult.FacetCount::value, TrialSearchResult.FacetCount::count));
    }
}
