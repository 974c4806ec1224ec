package org.regenregistry.search.trial;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.transport.TransportException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.elasticsearch.client.ResponseException;

/**
 * The trial index: generations {@code trials-v1}, {@code trials-v2}... created from {@code elasticsearch/trials-v1.json}
 * (explicit settings and a strict mapping) behind the alias {@code trials}. A rebuild fills the next generation, marked
 * by the alias {@code trials-rebuild} so that every registry instance writes to it too, then swaps {@code trials} over
 * in one atomic alias update: searches keep answering throughout.
 *
 * <p>Documents carry the trial's revision as an external version: a write of an older revision than the one indexed is
 * refused by Elasticsearch, so replays and out-of-order deliveries can never make the index go back in time
 * (<a href="https://www.elastic.co/guide/en/elasticsearch/reference/8.19/docs-index_.html#index-versioning">index
 * versioning</a>).
 */
public final class TrialIndex {

    public static final String ALIAS = "trials";
    public static final String REBUILD_ALIAS = "trials-rebuild";
    static final String DEFINITION = "/elasticsearch/trials-v1.json";
    private static final String GENERATION_PREFIX = ALIAS + "-v";
    private static final int CONFLICT = 409;
    private static final String DEFINITION_REVISION = "definition";

    private final ElasticsearchClient client;

    public TrialIndex(ElasticsearchClient client) {
        this.client = client;
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** Creates the first generation and points the alias at it, unless the alias exists. */
    public void createIfMissing() throws IOException {
        if (liveIndex().isPresent()) {
            return;
        }
        String first = GENERATION_PREFIX + 1;
        create(first);
        client.indices().putAlias(alias -> alias.index(first).name(ALIAS));
    }

    /** The generation searches read, if the index exists. */
    public Optional<String> liveIndex() throws IOException {
        return aliasTarget(ALIAS);
    }

    /**
     * Whether the live generation was created from an older definition than this release's (its mapping's {@code
     * _meta.definition} is lower or absent): searches expect the current mapping, so a rebuild must move the trials to
     * a generation created from it.
     */
    public boolean liveDefinitionOutdated() throws IOException {
        Optional<String> live = liveIndex();
        if (live.isEmpty()) {
            return false;
        }
        Map<String, JsonData> meta = client.indices()
                .getMapping(mapping -> mapping.index(live.get()))
                .result()
                .get(live.get())
                .mappings()
                .meta();
        JsonData definition = meta == null ? null : meta.get(DEFINITION_REVISION);
        return definition == null || definition.to(Integer.class) < definedRevision();
    }

    /** The generation a rebuild is filling, if one runs. */
    public Optional<String> rebuildIndex() throws IOException {
        return aliasTarget(REBUILD_ALIAS);
    }

    /** The indices every write must reach: the live generation and the one being rebuilt, if any. */
    public Set<String> writeTargets() throws IOException {
        Set<String> aliases = Set.of(ALIAS, REBUILD_ALIAS);
        return client.indices().getAlias(alias -> alias.name(ALIAS + "*")).result().entrySet().stream()
                .filter(index -> index.getValue().aliases().keySet().stream().anyMatch(aliases::contains))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /**
     * Creates the next generation, with refreshes off while it fills, and marks it with the rebuild alias.
     *
     * @throws IllegalStateException when a rebuild is already running (its alias exists)
     */
    public String startRebuild() throws IOException {
        if (rebuildIndex().isPresent()) {
            throw new IllegalStateException(
                    "A rebuild is already running into " + rebuildIndex().get());
        }
        int latest = client.indices().get(get -> get.index(GENERATION_PREFIX + "*")).result().keySet().stream()
                .map(TrialIndex::generation)
                .max(Comparator.naturalOrder())
                .orElse(0);
        String next = GENERATION_PREFIX + (latest + 1);
        create(next);
        client.indices().putSettings(settings -> settings.index(next)
                .settings(index -> index.refreshInterval(interval -> interval.time("-1"))));
        client.indices().putAlias(alias -> alias.index(next).name(REBUILD_ALIAS));
        return next;
    }

    /**
     * Makes a filled generation live: refreshes back on, then in one alias update {@code trials} moves to it and the
     * rebuild mark goes; the previous generation is deleted.
     */
    public void finishRebuild(String next) throws IOException {
        Optional<String> previous = liveIndex();
        String refreshInterval = definedRefreshInterval();
        client.indices().putSettings(settings -> settings.index(next)
                .settings(index -> index.refreshInterval(interval -> interval.time(refreshInterval))));
        client.indices().refresh(refresh -> refresh.index(next));
        client.indices().updateAliases(update -> {
            previous.ifPresent(old -> update.actions(
                    action -> action.remove(remove -> remove.index(old).alias(ALIAS))));
            return update.actions(action -> action.add(add -> add.index(next).alias(ALIAS)))
                    .actions(
                            action -> action.remove(remove -> remove.index(next).alias(REBUILD_ALIAS)));
        });
        if (previous.isPresent()) {
            client.indices().delete(delete -> delete.index(previous.get()));
        }
    }

    /** How many trials a generation holds, after making its latest writes visible. */
    public long count(String index) throws IOException {
        client.indices().refresh(refresh -> refresh.index(index));
        return client.count(count -> count.index(index)).count();
    }

    /** Drops a rebuild that failed; searches never saw it. */
    public void abandonRebuild(String next) throws IOException {
        client.indices().delete(delete -> delete.index(next).ignoreUnavailable(true));
    }

    /** Indexes one trial into the live generation; {@code false} when it already holds this or a newer revision. */
    public boolean index(TrialDocument trial) throws IOException {
        try {
            client.index(request -> request.index(ALIAS)
                    .id(trial.id())
                    .version(trial.revision())
                    .versionType(VersionType.External)
                    .document(trial));
            return true;
        } catch (ElasticsearchException | TransportException | ResponseException e) {
            if (isVersionConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Writes trials in one bulk request to every given index, each guarded by its revision.
     *
     * @param waitForSearchable whether to return only once the writes are visible to search
     * @return per trial id: whether every index took it (or already held a newer revision), or why not
     */
    public Map<String, TrialWrite.Outcome> write(
            Collection<TrialWrite> writes, Collection<String> indices, boolean waitForSearchable) throws IOException {
        Map<String, TrialWrite.Outcome> outcomes = new HashMap<>();
        if (writes.isEmpty() || indices.isEmpty()) {
            return outcomes;
        }
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        if (waitForSearchable) {
            bulk.refresh(Refresh.WaitFor);
        }
        for (String index : indices) {
            for (TrialWrite write : writes) {
                bulk.operations(operation -> write.document() == null
                        ? operation.delete(request -> request.index(index)
                                .id(write.id())
                                .version(write.revision())
                                .versionType(VersionType.External))
                        : operation.index(request -> request.index(index)
                                .id(write.id())
                                .version(write.revision())
                                .versionType(VersionType.External)
                                .document(write.document())));
            }
        }
        BulkResponse response = client.bulk(bulk.build());
        for (BulkResponseItem item : response.items()) {
            TrialWrite.Outcome outcome = outcome(item);
            outcomes.merge(item.id(), outcome, TrialWrite.Outcome::worse);
        }
        return outcomes;
    }

    /** The trial ids and versions the live generation holds, for the consistency check. */
    public Map<String, Long> indexedVersions() throws IOException {
        Map<String, Long> versions = new HashMap<>();
        List<FieldValue> after = List.of();
        while (true) {
            List<FieldValue> searchAfter = after;
            SearchResponse<VersionOnly> page = client.search(
                    search -> {
                        search.index(ALIAS)
                                .size(5_000)
                                .source(source -> source.filter(filter -> filter.includes("id", "version")))
                                .sort(sort -> sort.field(field -> field.field("id")));
                        if (!searchAfter.isEmpty()) {
                            search.searchAfter(searchAfter);
                        }
                        return search;
                    },
                    VersionOnly.class);
            if (page.hits().hits().isEmpty()) {
                return versions;
            }
            page.hits()
                    .hits()
                    .forEach(hit -> versions.put(hit.source().id(), hit.source().version()));
            after = page.hits().hits().get(page.hits().hits().size() - 1).sort();
        }
    }

    /** What {@link #indexedVersions()} reads of a document. */
    record VersionOnly(String id, long version) {}

    private static TrialWrite.Outcome outcome(BulkResponseItem item) {
        if (item.error() == null || item.status() == CONFLICT) {
            return TrialWrite.Outcome.DONE;
        }
        return TrialWrite.Outcome.failed(item.index() + ": " + item.error().reason());
    }

    private void create(String index) throws IOException {
        try (InputStream definition = definition()) {
            client.indices().create(create -> create.index(index).withJson(definition));
        }
    }

    private static InputStream definition() {
        InputStream definition = TrialIndex.class.getResourceAsStream(DEFINITION);
        if (definition == null) {
            throw new IllegalStateException("Missing index definition " + DEFINITION);
        }
        return definition;
    }

    private static int definedRevision() throws IOException {
        try (InputStream definition = definition()) {
            return new ObjectMapper()
                    .readTree(definition)
                    .at("/mappings/_meta/" + DEFINITION_REVISION)
                    .asInt(0);
        }
    }

    private static String definedRefreshInterval() throws IOException {
        try (InputStream definition = definition()) {
            return new ObjectMapper()
                    .readTree(definition)
                    .at("/settings/refresh_interval")
                    .asText("1s");
        }
    }

    private Optional<String> aliasTarget(String alias) throws IOException {
        if (!client.indices().existsAlias(exists -> exists.name(alias)).value()) {
            return Optional.empty();
        }
        return client.indices().getAlias(get -> get.name(alias)).result().keySet().stream()
                .findFirst();
    }

    static int generation(String index) {
        try {
            return Integer.parseInt(index.substring(GENERATION_PREFIX.length()));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** A 409: the index already holds this revision or a newer one. The client reports it in three shapes. */
    private static boolean isVersionConflict(Exception e) {
        if (e instanceof ElasticsearchException elasticsearch) {
            return elasticsearch.status() == CONFLICT;
        }
        if (e instanceof TransportException transport) {
            return transport.statusCode() == CONFLICT;
        }
        return ((ResponseException) e).getResponse().getStatusLine().getStatusCode() == CONFLICT;
    }
}
