package org.regenregistry.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.topic.ISubscriptionTopicLoader;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Basic;
import org.regenregistry.server.system.StorageInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes a new or changed R4 SubscriptionTopic (a {@code Basic} with code {@code SubscriptionTopic}, per the <a
 * href="https://hl7.org/fhir/uv/subscriptions-backport/">Subscriptions R5 Backport IG</a>) take effect as soon as it
 * is committed. HAPI only re-reads R4 topics once a minute, so without this a subscriber's first events after
 * publishing a topic are silently not matched.
 */
@Component
@Interceptor
public class SubscriptionTopicRefreshInterceptor implements StorageInterceptor {

    static final String FHIR_TYPES = "http://hl7.org/fhir/fhir-types";

    private final ISubscriptionTopicLoader topicLoader;

    public SubscriptionTopicRefreshInterceptor(ISubscriptionTopicLoader topicLoader) {
        this.topicLoader = topicLoader;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        refreshAfterCommitIfTopic(resource);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        refreshAfterCommitIfTopic(current);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        refreshAfterCommitIfTopic(resource);
    }

    static boolean isTopic(IBaseResource resource) {
        return resource instanceof Basic basic
                && basic.getCode().getCoding().stream()
                        .anyMatch(coding ->
                                FHIR_TYPES.equals(coding.getSystem()) && "SubscriptionTopic".equals(coding.getCode()));
    }

    private void refreshAfterCommitIfTopic(IBaseResource resource) {
        if (!isTopic(resource)) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    topicLoader.forceRefresh();
                }
            });
        } else {
            topicLoader.forceRefresh();
        }
    }
}
