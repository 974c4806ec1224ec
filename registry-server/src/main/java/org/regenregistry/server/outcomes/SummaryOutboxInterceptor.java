package org.regenregistry.server.outcomes;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.regenregistry.server.indexing.TrialLinks;
import org.regenregistry.server.indexing.TrialOutbox;
import org.regenregistry.server.system.RegistrySchema;
import org.regenregistry.server.system.StorageInterceptor;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Records in the outcome outbox, inside the FHIR write's own transaction (HAPI's pre-commit storage hooks), every trial
 * whose summaries a write changes: the trial itself (its arms), and the trial named by a ResearchSubject (arm, start,
 * withdrawal) or an Observation (a score), before and after an update, so a score moved to another trial leaves the
 * first one's summary too.
 */
@Component
@Interceptor
@DependsOn(RegistrySchema.BEAN)
class SummaryOutboxInterceptor implements StorageInterceptor {

    static final String TABLE = "RR_OUTCOME_OUTBOX";

    private final TrialOutbox outbox;
    private final Clock clock = Clock.systemUTC();

    SummaryOutboxInterceptor(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.outbox = new TrialOutbox(dataSource, transactionManager, TABLE);
    }

    TrialOutbox outbox() {
        return outbox;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        outbox.touch(trials(resource), clock.instant());
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        Set<String> trials = new HashSet<>(trials(previous));
        trials.addAll(trials(resource));
        outbox.touch(trials, clock.instant());
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        outbox.touch(trials(resource), clock.instant());
    }

    /** The trial itself, or the one a ResearchSubject or an Observation names. */
    static Set<String> trials(IBaseResource resource) {
        return "ResearchStudy".equals(resource.fhirType())
                ? Set.of(resource.getIdElement().getIdPart())
                : TrialLinks.studiesNamedBy(resource);
    }
}
