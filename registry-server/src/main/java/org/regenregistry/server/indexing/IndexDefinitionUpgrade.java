package org.regenregistry.server.indexing;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * After an upgrade whose index definition changed (a new field, another mapping of an old one), moves the trials to a
 * generation created from the new definition by starting a rebuild at start-up; searches keep answering from the old
 * generation until the swap.
 */
@Component
class IndexDefinitionUpgrade implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IndexDefinitionUpgrade.class);

    private final SearchNode node;
    private final TrialIndexRebuild rebuild;

    IndexDefinitionUpgrade(SearchNode node, TrialIndexRebuild rebuild) {
        this.node = node;
        this.rebuild = rebuild;
    }

    @Override
    public void run(ApplicationArguments args) {
        try {
            if (node.index().liveDefinitionOutdated()
                    && node.index().rebuildIndex().isEmpty()) {
                log.info(
                        "The live trial index was created from an older definition; rebuilding it into {}",
                        rebuild.start().index());
            }
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Could not check the trial index definition ({}); POST /actuator/trialindex rebuilds it",
                    e.toString());
        }
    }
}
