package org.regenregistry.server.indexing;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.regenregistry.server.system.StorageInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the intent to re-index into the outbox inside the FHIR write's own database transaction, from HAPI's
 * pre-commit storage hooks (so transactions, patches and internal writes are covered); the outbox records the trials a
 * transaction touches once, just before it commits, and wakes the dispatcher after the commit.
 */
@Component
@Interceptor
class OutboxInterceptor implements StorageInterceptor {

    private static final Logger log = LoggerFactory.getLogger(OutboxInterceptor.class);

    private final TrialLinks links;
    private final TrialOutbox outbox;
    private final Clock clock;

    OutboxInterceptor(TrialLinks links, TrialOutbox outbox) {
        this.links = links;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        touch(links.trialsOfCreated(resource));
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        // only a resource naming its trial can move to another one; a site, sponsor or product keeps its id, so the
        // trials referring to it are searched once, for the new version
        Set<String> trials = new HashSet<>(TrialLinks.studiesNamedBy(previous));
        trials.addAll(links.trialsOf(resource));
        touch(trials);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        touch(links.trialsOf(resource));
    }

    private void touch(Set<String> trials) {
        if (!trials.isEmpty()) {
            log.debug("Trials {} changed", trials);
            outbox.touch(trials, clock.instant());
        }
    }
}
