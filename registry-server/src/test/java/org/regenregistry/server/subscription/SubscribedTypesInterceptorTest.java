package org.regenregistry.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.subscription.match.registry.ActiveSubscription;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import ca.uhn.fhir.rest.server.messaging.BaseResourceMessage.OperationTypeEnum;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r5.model.SubscriptionTopic;
import org.junit.jupiter.api.Test;

class SubscribedTypesInterceptorTest {

    final FhirContext fhir = FhirContext.forR4Cached();
    final List<ActiveSubscription> subscriptions = new ArrayList<>();
    final List<SubscriptionTopic> topics = new ArrayList<>();
    final SubscribedTypesInterceptor filter = new SubscribedTypesInterceptor(fhir, () -> subscriptions, () -> topics);

    @Test
    void withNothingSubscribedOnlySubscriptionsAndTopicsPass() {
        assertThat(filter.wanted("Observation")).isFalse();
        assertThat(filter.wanted("Subscription")).isTrue();
        assertThat(filter.wanted("Basic")).as("an R4 topic").isTrue();
    }

    @Test
    void aCriteriaSubscriptionWantsItsTypeOnly() {
        subscriptions.add(active("Observation?code=http://loinc.org|72514-3", false));
        assertThat(filter.wanted("Observation")).isTrue();
        assertThat(filter.wanted("Location")).isFalse();
    }

    @Test
    void multiTypeAndStarCriteriaFollowHapisRules() {
        subscriptions.add(active("[Location,Group]", false));
        assertThat(filter.wanted("Group")).isTrue();
        assertThat(filter.wanted("Observation")).isFalse();
        subscriptions.add(active("[*]", false));
        assertThat(filter.wanted("Observation")).isTrue();
    }

    @Test
    void aTopicWantsTheTypesOfItsTriggersAndATopicSubscriptionAddsNone() {
        subscriptions.add(active("https://regen-registry.org/fhir/SubscriptionTopic/research-subject-status", true));
        assertThat(filter.wanted("ResearchSubject")).isFalse();
        SubscriptionTopic topic = new SubscriptionTopic();
        topic.addResourceTrigger().setResource("ResearchSubject");
        topics.add(topic);
        assertThat(filter.wanted("ResearchSubject")).isTrue();
        assertThat(filter.wanted("Observation")).isFalse();
    }

    @Test
    void theHookAnswersForTheMessagesResourceType() {
        subscriptions.add(active("Observation?status=final", false));
        Observation observation = new Observation();
        observation.setId(new IdType("Observation", "o1", "1"));
        Location location = new Location();
        location.setId(new IdType("Location", "l1", "1"));
        assertThat(filter.resourceModified(new ResourceModifiedMessage(fhir, observation, OperationTypeEnum.CREATE)))
                .isTrue();
        assertThat(filter.resourceModified(new ResourceModifiedMessage(fhir, location, OperationTypeEnum.UPDATE)))
                .isFalse();
    }

    private static ActiveSubscription active(String criteria, boolean topic) {
        CanonicalSubscription subscription = new CanonicalSubscription();
        subscription.setIdElement(new IdType("Subscription", "s" + criteria.hashCode()));
        subscription.setCriteriaString(criteria);
        subscription.setTopicSubscription(topic);
        return new ActiveSubscription(subscription, "channel");
    }
}
