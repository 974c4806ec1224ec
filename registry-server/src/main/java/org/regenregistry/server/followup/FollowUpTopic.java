package org.regenregistry.server.followup;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hl7.fhir.r4.model.Basic;
import org.regenregistry.profiles.RegistryPackage;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Stores the {@code follow-up-overdue} subscription topic (an R4 Basic carrying an R5 SubscriptionTopic, as the <a
 * href="https://hl7.org/fhir/uv/subscriptions-backport/">Subscriptions R5 Backport</a> has it) at start-up, so that a
 * site can subscribe to it; stored again only when it changed (HAPI keeps an identical update as no new version).
 */
@Component
class FollowUpTopic implements ApplicationRunner {

    /** The topic's canonical URL, which a Subscription names as its criteria. */
    static final String URL = RegistryPackage.CANONICAL + "/SubscriptionTopic/follow-up-overdue";

    private final DaoRegistry daos;
    private final FhirContext fhir;

    FollowUpTopic(DaoRegistry daos, FhirContext fhir) {
        this.daos = daos;
        this.fhir = fhir;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        try (InputStream json = getClass().getResourceAsStream("/followup/follow-up-overdue-topic.json")) {
            Basic topic = fhir.newJsonParser().parseResource(Basic.class, json);
            daos.getResourceDao(Basic.class).update(topic, new SystemRequestDetails());
        } catch (IOException e) {
            throw new UncheckedIOException("The follow-up-overdue topic could not be read", e);
        }
    }
}
