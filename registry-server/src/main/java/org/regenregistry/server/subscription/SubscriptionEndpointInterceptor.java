package org.regenregistry.server.subscription;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.InetAddress;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.regenregistry.server.system.StorageInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps rest-hook subscriptions to the receivers the operator named ({@link SubscriptionEndpointSettings}): a
 * Subscription whose endpoint the {@link EndpointPolicy} refuses is not stored (422, whatever path wrote it), and a
 * delivery is checked again just before it is sent, since a host's addresses and the settings can change after the
 * Subscription was stored. See <a href="https://hl7.org/fhir/R4/subscription.html#security">Subscription
 * security</a>.
 */
@Component
@Interceptor
public class SubscriptionEndpointInterceptor implements StorageInterceptor {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionEndpointInterceptor.class);

    private final EndpointPolicy policy;

    public SubscriptionEndpointInterceptor(SubscriptionEndpointSettings settings) {
        this.policy = new EndpointPolicy(settings, InetAddress::getAllByName);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        check(resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        check(current);
    }

    @Hook(Pointcut.SUBSCRIPTION_BEFORE_REST_HOOK_DELIVERY)
    public boolean beforeDelivery(CanonicalSubscription subscription) {
        Optional<String> refusal = policy.refusal(subscription.getEndpointUrl());
        refusal.ifPresent(reason ->
                log.warn("Not delivering Subscription/{}: its endpoint {}", subscription.getIdPart(), reason));
        return refusal.isEmpty();
    }

    private void check(IBaseResource resource) {
        if (!(resource instanceof Subscription subscription)
                || subscription.getChannel().getType() != Subscription.SubscriptionChannelType.RESTHOOK) {
            return;
        }
        String endpoint = subscription.getChannel().getEndpoint();
        policy.refusal(endpoint).ifPresent(reason -> {
            throw new UnprocessableEntityException("Subscription.channel.endpoint " + reason + ": " + endpoint);
        });
    }
}
