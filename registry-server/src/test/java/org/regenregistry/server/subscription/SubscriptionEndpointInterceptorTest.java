package org.regenregistry.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import java.util.Set;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;

class SubscriptionEndpointInterceptorTest {

    private final SubscriptionEndpointInterceptor interceptor = new SubscriptionEndpointInterceptor(
            new SubscriptionEndpointSettings(Set.of("hooks.st-olaf.example"), false, true));

    @Test
    void aDeliveryToAListedReceiverGoesAhead() {
        assertThat(interceptor.beforeDelivery(to("https://hooks.st-olaf.example/notify")))
                .isTrue();
    }

    @Test
    void aDeliveryIsStoppedWhenItsEndpointNoLongerPasses() {
        assertThat(interceptor.beforeDelivery(to("https://evil.example/notify")))
                .isFalse();
        assertThat(interceptor.beforeDelivery(to("http://hooks.st-olaf.example/notify")))
                .as("plain http, no longer allowed")
                .isFalse();
    }

    private static CanonicalSubscription to(String endpoint) {
        CanonicalSubscription subscription = new CanonicalSubscription();
        subscription.setIdElement(new IdType("Subscription/1"));
        subscription.setEndpointUrl(endpoint);
        return subscription;
    }
}
