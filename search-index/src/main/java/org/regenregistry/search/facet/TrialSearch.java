package org.regenregistry.search.facet;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchItem;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.regenregistry.search.trial.ConditionGroups;
import org.regenregistry.search.trial.TrialDocument;
import org.regenregistry.search.trial.TrialIndex;

/**
 * Faceted trial search in one round trip to Elasticsearch: a multi search of two requests that the node runs side by
 * side. The first returns the page of hits, which match the text, the non-facet filters and every facet filter; the
 * second counts the facets, each under the text, the non-facet filters and every facet filter <em>but its own</em>, so
 * a researcher who picked phase 2 still sees how many phase 3 trials the rest of the search would give.
 *
 * <p>The counts ask for no hits and for the <a
 * href="https://www.elastic.co/guide/en/elasticsearch/reference/8.19/shard-request-cache.html">shard request
 * cache</a>: counting every facet over the whole index is the expensive part of a search, and the same facet state (the
 * first page, one facet picked, another page of the same search) is then counted once per refresh of the index, not
 * once per request. A refresh that changed the index drops the cached counts, so they are never staler than the
 * hits.
 */
public final class TrialSearch {

    static final int FACET_SIZE = 100;
    private static final String VALUES = "values";
    private static final String SHARED = "facets";

    private final ElasticsearchClient client;

    public TrialSearch(ElasticsearchClient client) {
        this.client = client;
    }

    public TrialSearchResult search(TrialQuery query) throws IOException {
        MsearchResponse<TrialDocument> response = client.msearch(request(query), TrialDocument.class);
        MultiSearchItem<TrialDocument> hits = result(response.responses().get(0));
        MultiSearchItem<TrialDocument> counts = result(response.responses().get(1));
        Map<String, List<TrialSearchResult.FacetCount>> facets = new LinkedHashMap<>();
        for (Facet facet : Facet.values()) {
            facets.put(facet.parameter(), counts(facet, values(facet, query, counts.aggregations())));
        }
        return new TrialSearchResult(
                hits.hits().total() == null ? 0 : hits.hits().total().value(),
                query.page(),
                query.size(),
                hits.hits().hits().stream()
                        .map(hit -> hit(Objects.requireNonNull(hit.source())))
                        .toList(),
                facets);
    }

    /**
     * The trials a query finds, up to {@code limit} (at most the index's result window), by id with their titles:
     * what an analysis across trials starts from. No facets are counted and only the titles are read.
     *
     * @return the trials' titles by id, in id order; {@code total} says how many matched in all
     */
    public Matching matching(TrialQuery query, int limit) throws IOException {
        if (limit < 1 || limit > TrialQuery.MAX_RESULT_WINDOW) {
            throw new IllegalArgumentException("limit must be 1 to " + TrialQuery.MAX_RESULT_WINDOW + ", not " + limit);
        }
        var response = client.search(
                search -> search.index(TrialIndex.ALIAS)
                        .trackTotalHits(total -> total.enabled(true))
                        .size(limit)
                        .source(source -> source.filter(filter -> filter.includes("title")))
                        .query(q -> q.bool(bool -> bool.must(base(query)).filter(facetFilters(query, null))))
                        .sort(sort -> sort.field(field -> field.field("id").order(SortOrder.Asc))),
                TitleOnly.class);
        Map<String, String> titles = new LinkedHashMap<>();
        response.hits()
                .hits()
                .forEach(hit -> titles.put(
                        hit.id(), hit.source() == null ? null : hit.source().title()));
        return new Matching(
                response.hits().total() == null ? 0 : response.hits().total().value(), titles);
    }

    /**
     * Trials a query found.
     *
     * @param total how many matched
     * @param titles the ones returned, id to title
     */
    public record Matching(long total, Map<String, String> titles) {}

    /** The part of a trial document {@link #matching} reads. */
    record TitleOnly(String title) {}

    /** The indexed document of one trial, for a page that shows everything the index knows of it. */
    public Optional<TrialDocument> trial(String id) throws IOException {
        return client
                .search(
                        search -> search.index(TrialIndex.ALIAS)
                                .query(query -> query.ids(ids -> ids.values(id)))
                                .size(1),
                        TrialDocument.class)
                .hits()
                .hits()
                .stream()
                .map(hit -> hit.source())
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** The hits and the counts, the counts from the shard request cache when the same counts were asked before. */
    static MsearchRequest request(TrialQuery query) {
        return MsearchRequest.of(request -> request.index(TrialIndex.ALIAS)
                .searches(hits -> hits.header(header -> header).body(hits(query)))
                .searches(counts ->
                        counts.header(header -> header.requestCache(true)).body(facets(query))));
    }

    /** The page of hits: the text and the non-facet filters, with every facet filter. */
    static MultisearchBody hits(TrialQuery query) {
        return MultisearchBody.of(body -> body.trackTotalHits(total -> total.enabled(true))
                .from(query.page() * query.size())
                .size(query.size())
                .query(q -> q.bool(bool -> bool.must(base(query)).filter(facetFilters(query, null))))
                .sort(sort(query)));
    }

    /**
     * The facet counts, without hits. The facets without a filter of their own share one filter aggregation (all
     * facet filters), and each facet with a filter of its own is counted under all the others: a query with two facet
     * filters evaluates three filter sets, not fourteen; a query without facet filters counts the matches directly.
     */
    static MultisearchBody facets(TrialQuery query) {
        MultisearchBody.Builder body = new MultisearchBody.Builder()
                .size(0)
                .trackTotalHits(total -> total.enabled(false))
                .query(q -> q.bool(bool -> bool.filter(base(query))));
        Map<String, Aggregation> unfiltered = new LinkedHashMap<>();
        for (Facet facet : Facet.values()) {
            if (query.filters().containsKey(facet)) {
                body.aggregations(facet.parameter(), Aggregation.of(agg -> agg.filter(allOf(facetFilters(query, facet)))
                        .aggregations(VALUES, terms(facet))));
            } else {
                unfiltered.put(facet.parameter(), terms(facet));
            }
        }
        if (query.filters().isEmpty()) {
            body.aggregations(unfiltered);
        } else if (!unfiltered.isEmpty()) {
            body.aggregations(SHARED, Aggregation.of(agg -> agg.filter(allOf(facetFilters(query, null)))
                    .aggregations(unfiltered)));
        }
        return body.build();
    }

    /** A search of the multi search, or the index's refusal as an {@link IOException}. */
    private static MultiSearchItem<TrialDocument> result(MultiSearchResponseItem<TrialDocument> item)
            throws IOException {
        if (item.isFailure()) {
            throw new IOException("The trial index refused the search: "
                    + item.failure().error().type() + ": "
                    + item.failure().error().reason());
        }
        return item.result();
    }

    private static Aggregate values(Facet facet, TrialQuery query, Map<String, Aggregate> aggregations) {
        if (query.filters().containsKey(facet)) {
            return aggregations.get(facet.parameter()).filter().aggregations().get(VALUES);
        }
        if (query.filters().isEmpty()) {
            return aggregations.get(facet.parameter());
        }
        return aggregations.get(SHARED).filter().aggregations().get(facet.parameter());
    }

    /** Text and the filters that are not facets: they narrow hits and every count alike. */
    private static Query base(TrialQuery query) {
        List<Query> filters = new ArrayList<>();
        if (query.eligibleAge() != null) {
            double age = query.eligibleAge();
            filters.add(openEnded(
                    "eligibility.minAge",
                    Query.of(q -> q.range(range -> range.number(
                            number -> number.field("eligibility.minAge").lte(age))))));
            filters.add(openEnded(
                    "eligibility.maxAge",
                    Query.of(q -> q.range(range -> range.number(
                            number -> number.field("eligibility.maxAge").gte(age))))));
        }
        if (query.near() != null) {
            TrialQuery.Near near = query.near();
            filters.add(Query.of(q -> q.nested(nested -> nested.path("sites")
                    .query(site -> site.geoDistance(distance -> distance.field("sites.position")
                            .distance(near.km() + "km")
                            .location(location -> location.latlon(
                                    point -> point.lat(near.lat()).lon(near.lon()))))))));
        }
        if (query.startFrom() != null || query.startTo() != null) {
            filters.add(Query.of(q -> q.range(range -> range.date(date -> {
                date.field("startDate");
                if (query.startFrom() != null) {
                    date.gte(query.startFrom().toString());
                }
                if (query.startTo() != null) {
                    date.lte(query.startTo().toString());
                }
                return date;
            }))));
        }
        return Query.of(q -> q.bool(bool -> {
            if (query.text() != null) {
                bool.must(text(query.text()));
            }
            return bool.filter(filters);
        }));
    }

    private static Query text(String text) {
        return Query.of(q -> q.bool(bool -> bool.should(should -> should.multiMatch(
                        match -> match.query(text).fields("title^3", "keywords^2", "description", "sponsor")))
                .should(should -> should.nested(nested -> nested.path("conditions")
                        .query(condition -> condition.match(
                                match -> match.field("conditions.display").query(text)))))
                .minimumShouldMatch("1")));
    }

    /** A range that an absent bound (an open-ended eligibility range) also satisfies. */
    private static Query openEnded(String field, Query range) {
        return Query.of(q -> q.bool(bool -> bool.should(range)
                .should(missing -> missing.bool(none -> none.mustNot(exists -> exists.exists(e -> e.field(field)))))
                .minimumShouldMatch("1")));
    }

    /** The facet filters of the query, leaving out {@code except}'s own. */
    private static List<Query> facetFilters(TrialQuery query, Facet except) {
        List<Query> filters = new ArrayList<>();
        query.filters().forEach((facet, values) -> {
            if (facet != except) {
                filters.add(facetFilter(facet, values));
            }
        });
        return filters;
    }

    private static Query facetFilter(Facet facet, Set<String> values) {
        return Query.of(q -> q.terms(t -> t.field(facet.field())
                .terms(v -> v.value(values.stream().map(FieldValue::of).toList()))));
    }

    private static Query allOf(List<Query> filters) {
        return Query.of(q -> q.bool(bool -> bool.filter(filters)));
    }

    private static Aggregation terms(Facet facet) {
        return Aggregation.of(agg -> agg.terms(t -> t.field(facet.field()).size(FACET_SIZE)));
    }

    private static List<SortOptions> sort(TrialQuery query) {
        List<SortOptions> sort = new ArrayList<>();
        switch (query.sort()) {
            case RELEVANCE -> {
                sort.add(SortOptions.of(s -> s.score(score -> score.order(SortOrder.Desc))));
                sort.add(field("startDate", SortOrder.Desc));
            }
            case START_DATE -> sort.add(field("startDate", SortOrder.Asc));
            case START_DATE_DESC -> sort.add(field("startDate", SortOrder.Desc));
            case TITLE -> sort.add(field("title.sort", SortOrder.Asc));
            case LAST_UPDATED_DESC -> sort.add(field("lastUpdated", SortOrder.Desc));
        }
        sort.add(field("id", SortOrder.Asc));
        return sort;
    }

    private static SortOptions field(String name, SortOrder order) {
        return SortOptions.of(s -> s.field(f -> f.field(name).order(order)));
    }

    private static List<TrialSearchResult.FacetCount> counts(Facet facet, Aggregate values) {
        List<TrialSearchResult.FacetCount> counts = new ArrayList<>();
        if (values.isSterms()) {
            values.sterms().buckets().array().forEach(bucket -> {
                String key = bucket.key().stringValue();
                counts.add(new TrialSearchResult.FacetCount(key, label(facet, key), bucket.docCount()));
            });
        } else if (values.isLterms()) {
            values.lterms()
                    .buckets()
                    .array()
                    .forEach(bucket -> counts.add(
                            new TrialSearchResult.FacetCount(bucket.keyAsString(), null, bucket.docCount())));
        }
        counts.sort((a, b) -> Long.compare(b.count(), a.count()));
        return counts;
    }

    /** Condition codes and groups are named as the registry's ConceptMap names them. */
    private static String label(Facet facet, String key) {
        ConditionGroups groups = ConditionGroups.registry();
        return switch (facet) {
            case CONDITION -> groups.conditionLabel(key).orElse(null);
            case CONDITION_GROUP -> groups.groupLabel(key).orElse(null);
            default -> null;
        };
    }

    private static TrialSearchResult.Hit hit(TrialDocument trial) {
        return new TrialSearchResult.Hit(
                trial.id(),
                trial.title(),
                trial.status(),
                trial.recruitmentStatus(),
                trial.phase(),
                trial.therapyFamilies(),
                trial.therapySubtypes(),
                trial.conditionNames(),
                trial.conditionGroups(),
                trial.sites().stream()
                        .map(TrialDocument.Site::country)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList(),
                trial.sites().size(),
                trial.sponsor(),
                trial.startDate(),
                trial.endDate(),
                trial.targetEnrollment(),
                trial.subjects(),
                trial.hasResults());
    }
}
