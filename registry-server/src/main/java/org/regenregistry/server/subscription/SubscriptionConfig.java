package org.regenregistry.server.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionRegistry;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import ca.uhn.fhir.jpa.topic.SubscriptionTopicConfig;
import ca.uhn.fhir.jpa.topic.SubscriptionTopicRegistry;
import org.apache.http.impl.client.CloseableHttpClient;
import org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * REST-hook subscriptions, criteria-based and topic-based (<a
 * href="https://hl7.org/fhir/uv/subscriptions-backport/">Subscriptions R5 Backport IG</a>). In R4 a topic is a
 * {@code Basic} resource carrying the SubscriptionTopic extensions; {@link SubscriptionTopicConfig} is what loads and
 * matches them, and HAPI's starter leaves it out of its R4 set-up, so topic subscriptions never fire there.
 */
@Configuration
@Import({
    SubscriptionChannelConfig.class,
    SubscriptionSubmitterConfig.class,
    SubscriptionProcessorConfig.class,
    SubscriptionTopicConfig.class
})
class SubscriptionConfig {

    @Bean
    SubscriptionSettings subscriptionSettings() {
        SubscriptionSettings settings = new SubscriptionSettings();
        settings.addSupportedSubscriptionType(SubscriptionChannelType.RESTHOOK);
        return settings;
    }

    @Bean
    SubscribedTypesInterceptor subscribedTypesInterceptor(
            FhirContext fhir, SubscriptionRegistry subscriptions, SubscriptionTopicRegistry topics) {
        return new SubscribedTypesInterceptor(fhir, subscriptions::getAll, topics::getAll);
    }

    /**
     * Rest-hooks go out through {@link RestHookHttpClient}: HAPI delivers with the client factory of the server's
     * {@link FhirContext}, which nothing else in the registry uses to send requests.
     */
    @Bean
    CloseableHttpClient restHookHttpClient(FhirContext fhir, SubscriptionEndpointSettings settings) {
        CloseableHttpClient client = RestHookHttpClient.create(settings);
        fhir.getRestfulClientFactory().setHttpClient(client);
        return client;
    }

    /**
     * HAPI's delivery processor always asks for an email sender. Email is not among the supported channel types, so
     * a Subscription asking for it is refused on write and this sender is never reached.
     */
    @Bean
    IEmailSender emailSender() {
        return email -> {
            throw new IllegalStateException("regen-registry delivers subscriptions by rest-hook only");
        };
    }
}
