package org.regenregistry.search.trial;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.transport.TransportException;
import java.io.IOException;
import java.io.InputStream;
import org.elasticsearch.client.ResponseException;

/**
 * The trial index: {@code trials-vN} created from {@code elasticsearch/trials-vN.json} (explicit settings and a
 * strict mapping) behind the alias {@code trials}, so that a rebuild can fill {@code trials-vN+1} and swap the alias
 * while searches keep answering.
 *
 * <p>Documents carry the ResearchStudy's version as an external version: a write of an older version than the one
 * indexed is refused by Elasticsearch, so replays and out-of-order deliveries can never make the index go back in time
 * (<a href="https://www.elastic.co/guide/en/elasticsearch/reference/8.19/docs-index_.html#index-versioning">index
 * versioning</a>).
 */
public final class TrialIndex {

    public static final String ALIAS = "trials";
    static final String MAPPING_VERSION = "v1";
    private static final int CONFLICT = 409;

    private final ElasticsearchClient client;

    public TrialIndex(ElasticsearchClient client) {
        this.client = client;
    }

    /** The concrete index this build's mapping defines. */
    public static String currentIndex() {
        return ALIAS + "-" + MAPPING_VERSION;
    }

    /** Creates the current index and points the alias at it, unless the alias exists. */
    public void createIfMissing() throws IOException {
        if (client.indices().existsAlias(alias -> alias.name(ALIAS)).value()) {
            return;
        }
        try (InputStream mapping = TrialIndex.class.getResourceAsStream("/elasticsearch/" + currentIndex() + ".json")) {
            if (mapping == null) {
                throw new IllegalStateException("Missing index definition elasticsearch/" + currentIndex() + ".json");
            }
            client.indices().create(index -> index.index(currentIndex()).withJson(mapping));
        }
        client.indices().putAlias(alias -> alias.index(currentIndex()).name(ALIAS));
    }

    /**
     * Indexes a trial at its version. Returns {@code false}, changing nothing, when the index already holds this or a
     * newer version.
     */
    public boolean index(TrialDocument trial) throws IOException {
        try {
            client.index(request -> request.index(ALIAS)
                    .id(trial.id())
                    .version(trial.version())
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

    /** Removes a deleted trial, unless the index holds a newer version than the deletion. */
    public boolean delete(String id, long version) throws IOException {
        try {
            return client.delete(request ->
                            request.index(ALIAS).id(id).version(version).versionType(VersionType.External))
                    .result()
                    .jsonValue()
                    .equals("deleted");
        } catch (ElasticsearchException | TransportException | ResponseException e) {
            if (isVersionConflict(e)) {
                return false;
            }
            throw e;
        }
    }

    /** A 409: the index already holds this version or a newer one. The client reports it in three shapes. */
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
