package org.regenregistry.search.trial;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
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

/** The trial mapping on a real Elasticsearch 8.19 node: facets, nested conditions, distance, version guarding. */
class TrialIndexIT {

    @TempDir
    static Path workDir;

    static EmbeddedElasticsearch node;
    static ElasticsearchClient client;
    static TrialIndex index;

    @BeforeAll
    static void indexTheExampleTrials() throws Exception {
        node = EmbeddedElasticsearch.start(workDir, 0, "384m", Duration.ofMinutes(2));
        client = SearchClients.connect(List.of(node.httpUri()));
        index = new TrialIndex(client);
        index.createIfMissing();
        for (String key : ExampleTrialRecords.KEYS) {
            assertThat(index.index(TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record(key, 2))))
                    .isTrue();
        }
        client.indices().refresh(refresh -> refresh.index(TrialIndex.ALIAS));
    }

    @AfterAll
    static void stop() throws Exception {
        client._transport().close();
        node.close();
    }

    @Test
    void theAliasPointsAtTheCurrentIndexAndCreatingAgainChangesNothing() throws Exception {
        index.createIfMissing();

        assertThat(client.indices()
                        .getAlias(alias -> alias.name(TrialIndex.ALIAS))
                        .result())
                .containsOnlyKeys("trials-v1");
    }

    @Test
    void therapyFamilyFacetCountsEveryTrialOnce() throws Exception {
        SearchResponse<TrialDocument> response = client.search(
                search -> search.index(TrialIndex.ALIAS)
                        .size(0)
                        .aggregations("family", agg -> agg.terms(terms -> terms.field("therapyFamilies"))),
                TrialDocument.class);

        Map<String, Long> counts = response.aggregations().get("family").sterms().buckets().array().stream()
                .collect(Collectors.toMap(bucket -> bucket.key().stringValue(), StringTermsBucket::docCount));
        assertThat(counts)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "prp", 1L,
                        "stem-cell", 1L,
                        "exosome", 1L,
                        "gene-therapy", 1L,
                        "neuromodulation", 1L,
                        "integrative", 1L));
    }

    @Test
    void aNestedConditionAndAPhaseFindOnlyTheKneeTrial() throws Exception {
        SearchResponse<TrialDocument> response = client.search(
                search -> search.index(TrialIndex.ALIAS)
                        .query(query -> query.bool(bool -> bool.filter(filter ->
                                        filter.term(term -> term.field("phase").value("phase-2")))
                                .filter(filter -> filter.nested(nested -> nested.path("conditions")
                                        .query(condition -> condition.term(term ->
                                                term.field("conditions.code").value("239873007"))))))),
                TrialDocument.class);

        assertThat(response.hits().hits()).extracting(hit -> hit.id()).containsExactly("prp-knee-oa");
    }

    @Test
    void trialsWithASeriousAdverseEventAreFound() throws Exception {
        SearchResponse<TrialDocument> response = client.search(
                search -> search.index(TrialIndex.ALIAS)
                        .query(query -> query.range(range -> range.number(
                                number -> number.field("seriousAdverseEvents").gte(1.0)))),
                TrialDocument.class);

        assertThat(response.hits().hits()).extracting(hit -> hit.id()).containsExactly("msc-disc-degeneration");
    }

    @Test
    void sitesWithinADistanceOfAPointAreFound() throws Exception {
        SearchResponse<TrialDocument> response = client.search(
                search -> search.index(TrialIndex.ALIAS)
                        .query(query -> query.nested(nested -> nested.path("sites")
                                .query(site -> site.geoDistance(distance -> distance.field("sites.position")
                                        .distance("100km")
                                        .location(point -> point.latlon(
                                                latlon -> latlon.lat(59.91).lon(10.75))))))),
                TrialDocument.class);

        assertThat(response.hits().hits()).extracting(hit -> hit.id()).containsExactly("prp-knee-oa");
    }

    @Test
    void anOlderRevisionNeverOverwritesANewerOne() throws Exception {
        TrialDocument newer = TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("exosome-tendinopathy", 50));
        TrialDocument older = TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("exosome-tendinopathy", 40));

        assertThat(index.index(newer)).isTrue();
        assertThat(index.index(older)).isFalse();
        assertThat(index.write(
                        List.of(TrialWrite.remove("exosome-tendinopathy", 40)), List.of(TrialIndex.ALIAS), false))
                .containsEntry("exosome-tendinopathy", TrialWrite.Outcome.DONE);

        TrialDocument stored = client.get(
                        get -> get.index(TrialIndex.ALIAS).id("exosome-tendinopathy"), TrialDocument.class)
                .source();
        assertThat(stored.revision()).isEqualTo(50);
    }

    @Test
    void aRebuildFillsTheNextGenerationWhileSearchesReadTheLiveOneThenSwaps() throws Exception {
        String live = index.liveIndex().orElseThrow();
        assertThat(index.writeTargets()).containsExactly(live);
        String next = index.startRebuild();

        assertThat(index.writeTargets()).containsExactlyInAnyOrder(live, next);
        assertThat(index.rebuildIndex()).contains(next);
        List<TrialWrite> writes = ExampleTrialRecords.KEYS.stream()
                .map(key -> TrialWrite.put(TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record(key, 9))))
                .toList();
        assertThat(index.write(writes, List.of(next), false).values()).containsOnly(TrialWrite.Outcome.DONE);
        assertThat(client.count(count -> count.index(TrialIndex.ALIAS)).count())
                .isEqualTo(ExampleTrialRecords.KEYS.size());

        index.finishRebuild(next);

        assertThat(index.liveIndex()).contains(next);
        assertThat(index.rebuildIndex()).isEmpty();
        assertThat(client.indices().exists(exists -> exists.index(live)).value())
                .isFalse();
        assertThat(index.indexedVersions())
                .hasSize(ExampleTrialRecords.KEYS.size())
                .containsEntry("prp-knee-oa", 9L);
    }

    @Test
    void aLiveGenerationFromAnOlderDefinitionIsReportedOutdated() throws Exception {
        String live = index.liveIndex().orElseThrow();
        assertThat(index.liveDefinitionOutdated()).isFalse();

        client.indices().putMapping(mapping -> mapping.index(live).meta("definition", JsonData.of(2)));
        assertThat(index.liveDefinitionOutdated()).isTrue();

        client.indices().putMapping(mapping -> mapping.index(live).meta("definition", JsonData.of(3)));
        assertThat(index.liveDefinitionOutdated()).isFalse();
    }
}
