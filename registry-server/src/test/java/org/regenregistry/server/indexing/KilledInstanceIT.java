package org.regenregistry.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryInstance;
import org.regenregistry.server.support.SearchIndexSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A second registry instance, the packaged jar in its own process on the same database and Elasticsearch, is killed
 * ({@code SIGKILL}) right after a write of 100 trials, while it dispatches them. After it is started again, every
 * trial is in the index exactly once and the index matches the database.
 */
class KilledInstanceIT extends SearchIndexSupport {

    private static final int TRIALS = 100;

    @Autowired
    TrialIndexRebuild rebuild;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @Value("${registry.search.elasticsearch.uris}")
    String elasticsearchUri;

    private Process instance;

    @AfterEach
    void stopInstance() {
        if (instance != null) {
            instance.destroyForcibly();
        }
    }

    @Test
    void nothingIsMissingOrDuplicatedAfterAnInstanceIsKilledMidDispatchAndRestarted() throws Exception {
        int port = RegistryInstance.freePort();
        instance = start(port);
        FhirHttp other = new FhirHttp(port);

        List<String> ids = writeTrials(other.client(), "RR-KILLED-", TRIALS);
        instance.destroyForcibly().waitFor();
        instance = start(port);

        await().atMost(Duration.ofMinutes(1)).until(() -> outbox.depth() == 0);
        ids.forEach(id -> assertThat(indexed(id)).as("trial %s", id).isNotNull());
        awaitSearchableCount("RR-KILLED-", TRIALS);
        assertThat(ids).hasSize(TRIALS).doesNotHaveDuplicates();
        TrialIndexRebuild.Consistency consistency = rebuild.check();
        assertThat(consistency.consistent()).as(consistency.toString()).isTrue();
    }

    private Process start(int port) throws IOException {
        return RegistryInstance.start(
                "killed-instance", port, databaseUrl, elasticsearchUri, "--registry.search.dispatch.lease=3s");
    }
}
