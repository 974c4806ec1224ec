package org.regenregistry.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.match.matcher.subscriber.SubscriptionCriteriaParser.SubscriptionCriteria;
import ca.uhn.fhir.jpa.subscription.match.matcher.subscriber.SubscriptionCriteriaParser.TypeEnum;
import ca.uhn.fhir.jpa.subscription.match.registry.ActiveSubscription;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r5.model.SubscriptionTopic;
import org.regenregistry.server.system.StorageInterceptor;

/**
 * Passes a change to HAPI's subscription pipeline only when an active subscription or a registered topic can match
 * its resource type. HAPI queues every write for matching: a row in {@code HFJ_RESOURCE_MODIFIED} in the writing
 * transaction, then after commit a read of the resource back, a match against every subscription and a delete of the
 * row. Trial ingest touches types nobody subscribes to (products, groups, locations, plans), and that round trip was
 * an eighth of the registry's CPU time under ingest (docs/benchmarks.md).
 *
 * <p>A type is wanted when a criteria subscription names it or {@code *} (HAPI's own <a
 * href="https://hapifhir.io/hapi-fhir/docs/server_jpa/subscriptions.html">criteria rules</a>), or when a topic's
 * resource trigger names it (<a href="https://hl7.org/fhir/uv/subscriptions-backport/">R5 Backport</a>). Subscription
 * and topic changes themselves always pass: the pipeline is what activates them. A subscription matches the writes
 * made after it is active, as without this filter.
 */
@Interceptor
class SubscribedTypesInterceptor implements StorageInterceptor {

    /** Subscriptions, and R4 topics ({@code Basic}), whose changes the pipeline itself registers. */
    private static final Set<String> ALWAYS = Set.of("Subscription", "Basic");

    private final FhirContext fhirContext;
    private final Supplier<Collection<ActiveSubscription>> subscriptions;
    private final Supplier<Collection<SubscriptionTopic>> topics;

    SubscribedTypesInterceptor(
            FhirContext fhirContext,
            Supplier<Collection<ActiveSubscription>> subscriptions,
            Supplier<Collection<SubscriptionTopic>> topics) {
        this.fhirContext = fhirContext;
        this.subscriptions = subscriptions;
        this.topics = topics;
    }

    /** {@code false} stops HAPI from queuing the change for matching. */
    @Hook(Pointcut.SUBSCRIPTION_RESOURCE_MODIFIED)
    public boolean resourceModified(ResourceModifiedMessage message) {
        return wanted(message.getResourceType(fhirContext));
    }

    boolean wanted(String type) {
        if (type == null || ALWAYS.contains(type)) {
            return true;
        }
        for (SubscriptionTopic topic : topics.get()) {
            if (topic.getResourceTrigger().stream().anyMatch(trigger -> type.equals(trigger.getResource()))) {
                return true;
            }
        }
        for (ActiveSubscription active : subscriptions.get()) {
            SubscriptionCriteria criteria = active.getCriteria();
            if (active.getSubscription().isTopicSubscription() || criteria == null) {
                continue;
            }
            if (criteria.getType() == TypeEnum.STARTYPE_EXPRESSION
                    || criteria.getApplicableResourceTypes().contains(type)) {
                return true;
            }
        }
        return false;
    }
}
