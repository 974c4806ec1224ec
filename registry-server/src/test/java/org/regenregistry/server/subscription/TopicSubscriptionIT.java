package org.regenregistry.server.subscription;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;

/**
 * A topic-based rest-hook subscription (<a href="https://hl7.org/fhir/uv/subscriptions-backport/">Subscriptions R5
 * Backport</a>) on ResearchSubject status changes delivers its notification Bundle to a listening endpoint; so does a
 * criteria subscription, whose type reaches the matching pipeline although nothing else subscribes to it.
 */
class TopicSubscriptionIT extends RegistryClientSupport {

    private static final String TOPIC = "https://regen-registry.org/fhir/SubscriptionTopic/research-subject-status";
    private static final String LOCATION_SYSTEM = "https://regen-registry.org/it/location";
    private static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    WireMockServer listener;
    final List<IdType> subscriptions = new ArrayList<>();

    @BeforeEach
    void start() {
        listener = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        listener.start();
        listener.stubFor(post(urlEqualTo("/notify")).willReturn(aResponse().withStatus(200)));
    }

    @AfterEach
    void stop() {
        subscriptions.forEach(id -> client.delete().resourceById(id).execute());
        listener.stop();
    }

    @Test
    void aStatusChangeIsDeliveredAndOtherEditsAreNot() throws IOException {
        String subjectId = "RR-IT-" + UUID.randomUUID();
        activeSubscriptionTo(subjectId);
        IdType patient =
                (IdType) client.create().resource(new Patient()).execute().getId();

        ResearchSubject subject = ExampleTrials.newSubject(
                subjectId,
                new Reference(patient.toUnqualifiedVersionless()),
                new Reference("ResearchStudy/prp-knee-oa"));
        subject.setStatus(ResearchSubject.ResearchSubjectStatus.ONSTUDY);
        IdType created = (IdType) client.create().resource(subject).execute().getId();
        subject.setId(created.toVersionless());
        subject.getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType("2027-01-05"));
        client.update().resource(subject).execute();
        subject.setStatus(ResearchSubject.ResearchSubjectStatus.WITHDRAWN);
        client.update().resource(subject).execute();

        List<LoggedRequest> deliveries = await().atMost(Duration.ofSeconds(60))
                .until(() -> listener.findAll(postRequestedFor(urlEqualTo("/notify"))), found -> !found.isEmpty());

        Bundle notification = fhir.parse(Bundle.class, deliveries.get(0).getBodyAsString());
        Parameters status = (Parameters) notification.getEntryFirstRep().getResource();
        assertThat(status.getParameter("topic").getValue().primitiveValue()).isEqualTo(TOPIC);
        assertThat(status.getParameter("type").getValue().primitiveValue()).isEqualTo("event-notification");
        assertThat(status.getParameter("events-since-subscription-start")
                        .getValue()
                        .primitiveValue())
                .as("the period edit kept the status, so it is not an event")
                .isEqualTo("1");
        ResearchSubject delivered =
                (ResearchSubject) notification.getEntry().get(1).getResource();
        assertThat(delivered.getIdElement().getIdPart()).isEqualTo(created.getIdPart());
        assertThat(delivered.getStatus()).isEqualTo(ResearchSubject.ResearchSubjectStatus.WITHDRAWN);
    }

    @Test
    void aSiteHearsOfItsOwnSubjectsOnly() throws IOException {
        String subjectId = "RR-IT-" + UUID.randomUUID();
        activeSubscriptionTo(subjectId);

        IdType lakesides = withdrawnSubject(fhir.as(SecurityClientsInitializer.OTHER_SITE_STAFF), subjectId);
        IdType own = withdrawnSubject(fhir.as(SecurityClientsInitializer.SITE_STAFF), subjectId);

        List<LoggedRequest> deliveries = await().atMost(Duration.ofSeconds(60))
                .until(() -> listener.findAll(postRequestedFor(urlEqualTo("/notify"))), found -> !found.isEmpty());
        assertThat(deliveries).hasSize(1);
        Bundle notification = fhir.parse(Bundle.class, deliveries.get(0).getBodyAsString());
        assertThat(notification.getEntry().get(1).getResource().getIdElement().getIdPart())
                .isEqualTo(own.getIdPart())
                .isNotEqualTo(lakesides.getIdPart());
    }

    /** HAPI delivers a criteria subscription's full resource as an update: PUT endpoint/type/id. */
    @Test
    void aCriteriaSubscriptionHearsOfItsType() {
        listener.stubFor(
                put(urlPathMatching("/notify/.*")).willReturn(aResponse().withStatus(200)));
        String code = "rr-it-" + UUID.randomUUID();
        Subscription criteria = new Subscription();
        criteria.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        criteria.setReason("Tell the site of its locations");
        criteria.setCriteria("Location?identifier=" + LOCATION_SYSTEM + "|" + code);
        criteria.getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint("http://localhost:" + listener.port() + "/notify")
                .setPayload("application/fhir+json");
        activated(criteria);

        Location location = new Location();
        location.addIdentifier().setSystem(LOCATION_SYSTEM).setValue(code);
        location.setName("A clinic nobody else subscribes to");
        IdType created = (IdType) client.create().resource(location).execute().getId();

        List<LoggedRequest> deliveries = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> listener.findAll(putRequestedFor(urlPathMatching("/notify/Location/.*"))),
                        found -> !found.isEmpty());
        Location delivered = fhir.parse(Location.class, deliveries.get(0).getBodyAsString());
        assertThat(delivered.getIdElement().getIdPart()).isEqualTo(created.getIdPart());
    }

    /** A subscription (made by st-olaf's staff) to status changes of the subjects with {@code subjectId}, active. */
    private void activeSubscriptionTo(String subjectId) throws IOException {
        client.update().resource(topic()).execute();
        ExampleTrials.ensureLoaded(client);
        activated(subscription("ResearchSubject?identifier=" + ExampleTrials.SUBJECT_SYSTEM + "|" + subjectId));
    }

    /** Creates {@code requested} and waits until the registry has activated it. */
    private void activated(Subscription requested) {
        IdType subscription =
                (IdType) client.create().resource(requested).execute().getId();
        subscriptions.add(subscription.toUnqualifiedVersionless());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.read()
                                .resource(Subscription.class)
                                .withId(subscription.toVersionless())
                                .execute()
                                .getStatus()
                        == Subscription.SubscriptionStatus.ACTIVE);
    }

    /** A subject of the PRP trial, created on study and then withdrawn by a site: one status change. */
    private IdType withdrawnSubject(FhirHttp site, String subjectId) {
        IdType patient = (IdType)
                site.client().create().resource(new Patient()).execute().getId();
        ResearchSubject subject = ExampleTrials.newSubject(
                subjectId,
                new Reference(patient.toUnqualifiedVersionless()),
                new Reference("ResearchStudy/prp-knee-oa"));
        subject.setStatus(ResearchSubject.ResearchSubjectStatus.ONSTUDY);
        IdType created =
                (IdType) site.client().create().resource(subject).execute().getId();
        subject.setId(created.toVersionless());
        subject.setStatus(ResearchSubject.ResearchSubjectStatus.WITHDRAWN);
        site.client().update().resource(subject).execute();
        return created.toUnqualifiedVersionless();
    }

    private Basic topic() throws IOException {
        try (InputStream json = getClass().getResourceAsStream("/subscription/research-subject-status-topic.json")) {
            Basic topic = fhir.parse(Basic.class, new String(json.readAllBytes(), StandardCharsets.UTF_8));
            topic.setId("research-subject-status");
            return topic;
        }
    }

    private Subscription subscription(String filter) {
        Subscription subscription = new Subscription();
        subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Tell the study coordinator when a subject's status changes");
        subscription.setCriteria(TOPIC);
        subscription.getCriteriaElement().addExtension(BACKPORT + "backport-filter-criteria", new StringType(filter));
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint("http://localhost:" + listener.port() + "/notify")
                .setPayload("application/fhir+json");
        subscription
                .getChannel()
                .getPayloadElement()
                .addExtension(
                        BACKPORT + "backport-payload-content", new org.hl7.fhir.r4.model.CodeType("full-resource"));
        return subscription;
    }
}
