package org.regenregistry.server.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import ca.uhn.fhir.jpa.subscription.model.ResourceDeliveryMessage;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.server.system.StorageInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Site isolation for subscriptions: a subscription hears of subject-level records of its own site only. A
 * subscription belongs to the site whose client created it (its site label, {@link SiteStampInterceptor}); before
 * each delivery, whatever the channel, the records it would tell of (the matched resource, or the focus entries of
 * a topic notification Bundle) are checked, and a delivery naming another site's record, or one whose site cannot
 * be told (a deleted record, a subscription without a site), is dropped. Trial-level and conformance records are
 * delivered to every subscriber, as they are readable by all.
 */
@Component
@Interceptor
public class SubscriptionSiteInterceptor implements StorageInterceptor {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionSiteInterceptor.class);

    private final DaoRegistry daos;
    private final FhirContext fhir;

    public SubscriptionSiteInterceptor(DaoRegistry daos, FhirContext fhir) {
        this.daos = daos;
        this.fhir = fhir;
    }

    @Hook(Pointcut.SUBSCRIPTION_BEFORE_DELIVERY)
    public boolean beforeDelivery(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
        List<IIdType> unreadable = new ArrayList<>();
        List<IBaseResource> told = told(message, unreadable);
        boolean subjectLevel = !unreadable.isEmpty()
                || told.stream().anyMatch(resource -> RecordLevel.of(resource) == RecordLevel.SUBJECT);
        if (!subjectLevel) {
            return true;
        }
        Optional<String> site = siteOf(subscription);
        boolean allowed = site.isPresent()
                && unreadable.isEmpty()
                && told.stream()
                        .allMatch(resource -> RecordLevel.of(resource) != RecordLevel.SUBJECT
                                || SiteLabels.ownedBy(resource, site.get()));
        if (!allowed) {
            log.debug(
                    "Not delivering to Subscription/{} (site {}): a record of another site, or of none",
                    subscription.getIdPart(),
                    site.orElse("none"));
        }
        return allowed;
    }

    /** The records a delivery tells of; those that could not be read go to {@code unreadable}. */
    private List<IBaseResource> told(ResourceDeliveryMessage message, List<IIdType> unreadable) {
        IBaseResource payload = message.getPayload(fhir);
        List<IBaseResource> told = new ArrayList<>();
        if (payload instanceof Bundle notification
                && notification.getEntryFirstRep().getResource() instanceof Parameters) {
            for (Bundle.BundleEntryComponent entry : notification.getEntry()) {
                Resource resource = entry.getResource();
                if (resource instanceof Parameters) {
                    continue;
                }
                if (resource != null) {
                    told.add(resource);
                } else if (entry.hasFullUrl()) {
                    stored(new IdType(entry.getFullUrl()), told, unreadable);
                }
            }
        } else if (payload != null) {
            told.add(payload);
        } else {
            stored(message.getPayloadId(fhir), told, unreadable);
        }
        return told;
    }

    private void stored(IIdType id, List<IBaseResource> told, List<IIdType> unreadable) {
        if (id == null || !id.hasResourceType() || !id.hasIdPart()) {
            return;
        }
        if (RecordLevel.ofType(id.getResourceType()) != RecordLevel.SUBJECT) {
            return;
        }
        try {
            told.add(daos.getResourceDao(id.getResourceType())
                    .read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
        } catch (BaseServerResponseException | IllegalArgumentException gone) {
            unreadable.add(id);
        }
    }

    private Optional<String> siteOf(CanonicalSubscription subscription) {
        try {
            IBaseResource stored = daos.getResourceDao("Subscription")
                    .read(subscription.getIdElement(fhir).toUnqualifiedVersionless(), new SystemRequestDetails());
            return SiteLabels.siteOf(stored);
        } catch (BaseServerResponseException gone) {
            return Optional.empty();
        }
    }
}
