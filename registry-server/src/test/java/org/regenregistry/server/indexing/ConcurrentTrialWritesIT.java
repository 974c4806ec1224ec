package org.regenregistry.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.SearchIndexSupport;
import org.regenregistry.server.support.TrialTransactions;

/**
 * Hospitals and imports write whole trials in parallel: every conforming trial transaction succeeds however many
 * arrive at once, and every trial reaches the index (on PostgreSQL; {@code EmbeddedDefaultIT} does the same on H2).
 */
class ConcurrentTrialWritesIT extends SearchIndexSupport {

    @Test
    void eightClientsPostingWholeTrialsAllSucceedAndEveryTrialIsIndexed() throws Exception {
        String suffix = "CONC-" + UUID.randomUUID().toString().substring(0, 8);

        List<String> trials = TrialTransactions.postConcurrently(fhir, suffix, 32, 8);

        assertThat(trials).hasSize(32).doesNotHaveDuplicates();
        trials.forEach(trial -> awaitIndexed(
                trial, document -> document.subjects() == 2 && document.adverseEvents() == 1 && document.hasResults()));
    }
}
