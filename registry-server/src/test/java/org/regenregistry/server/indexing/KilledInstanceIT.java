package org.regenregistry.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryInstance;
import org.regenregistry.server.support.SearchIndexSupport;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A second registry instance, the packaged jar in its own process on the same database and Elasticsearch, is killed
 * ({@code SIGKILL}) right after a write of 100 trials, while it dispatches them. After it is started again, every
 * trial is in the index exactly once and the index matches the database.
 */
class KilledInstanceIT extends SearchIndexSupport {

    private static final int TRIALS = 100;

    @Autowired
    TrialIndexRebuild rebuild;

    @RegisterExtension
    final RegistryInstance instance = new RegistryInstance("killed-instance", "--registry.search.dispatch.lease=3s");

    @Test
    void nothingIsMissingOrDuplicatedAfterAnInstanceIsKilledMidDispatchAndRestarted() throws Exception {
        FhirHttp other = instance.start();

        List<String> ids = writeTrials(other.client(), "RR-KILLED-", TRIALS);
        instance.kill();
        instance.start();

        await().atMost(Duration.ofMinutes(1)).until(() -> outbox.depth() == 0);
        ids.forEach(id -> assertThat(indexed(id)).as("trial %s", id).isNotNull());
        awaitSearchableCount("RR-KILLED-", TRIALS);
        assertThat(ids).hasSize(TRIALS).doesNotHaveDuplicates();
        TrialIndexRebuild.Consistency consistency = rebuild.check();
        assertThat(consistency.consistent()).as(consistency.toString()).isTrue();
    }
}
