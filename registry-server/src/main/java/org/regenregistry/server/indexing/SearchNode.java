package org.regenregistry.server.indexing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import org.regenregistry.elasticsearch.EmbeddedElasticsearch;
import org.regenregistry.search.facet.TrialSearch;
import org.regenregistry.search.match.TrialMatching;
import org.regenregistry.search.trial.SearchClients;
import org.regenregistry.search.trial.TrialIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The Elasticsearch the registry indexes into: the configured cluster, or, when none is configured (the embedded
 * default), a real node the registry starts as a child process with its data under {@code ./data}. Started, and the
 * trial index created if missing, before the web server accepts requests; stopped after it.
 */
@Component
public class SearchNode implements SmartLifecycle {

    /** Before the web server ({@code WebServerStartStopLifecycle}) and the dispatcher. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger log = LoggerFactory.getLogger(SearchNode.class);

    private final SearchSettings settings;
    private volatile EmbeddedElasticsearch embedded;
    private volatile ElasticsearchClient client;
    private volatile List<URI> nodes = List.of();

    SearchNode(SearchSettings settings) {
        this.settings = settings;
    }

    @Override
    public void start() {
        SearchSettings.Elasticsearch cluster = settings.elasticsearch();
        if (cluster.uris().isEmpty()) {
            SearchSettings.Embedded node = settings.embedded();
            try {
                embedded =
                        EmbeddedElasticsearch.start(node.workDir(), node.httpPort(), node.heap(), node.startTimeout());
            } catch (IOException e) {
                throw new UncheckedIOException("The embedded Elasticsearch node did not start", e);
            }
            nodes = List.of(embedded.httpUri());
            log.info("Embedded Elasticsearch {} at {}", EmbeddedElasticsearch.VERSION, embedded.httpUri());
            client = SearchClients.connect(nodes);
        } else {
            nodes = cluster.uris();
            client = SearchClients.connect(new SearchClients.Connection(
                    nodes, cluster.username(), cluster.password(), cluster.apiKey(), cluster.caCertificate()));
        }
        try {
            index().createIfMissing();
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "The trial index could not be created now ({}); the dispatcher creates it when it can",
                    e.toString());
        }
    }

    @Override
    public void stop() {
        try {
            if (client != null) {
                client._transport().close();
            }
        } catch (IOException e) {
            log.warn("Closing the Elasticsearch client failed", e);
        }
        client = null;
        if (embedded != null) {
            embedded.close();
            embedded = null;
        }
    }

    @Override
    public boolean isRunning() {
        return client != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    public TrialIndex index() {
        return new TrialIndex(client());
    }

    public TrialSearch search() {
        return new TrialSearch(client());
    }

    public TrialMatching matching() {
        return new TrialMatching(client());
    }

    /** Where the index lives, for health details. */
    public List<URI> nodes() {
        return nodes;
    }

    ElasticsearchClient client() {
        ElasticsearchClient current = client;
        if (current == null) {
            throw new IllegalStateException("The search node is not started");
        }
        return current;
    }
}
