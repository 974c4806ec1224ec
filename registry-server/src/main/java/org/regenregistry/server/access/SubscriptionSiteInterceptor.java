package org.regenregistry.server.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import ca.uhn.fhir.jpa.subscription.model.ResourceDeliveryMessage;
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

    private final StoredRecords records;
    private final FhirContext fhir;

    SubscriptionSiteInterceptor(StoredRecords records, FhirContext fhir) {
        this.records = records;
        this.fhir = fhir;
    }

    @Hook(Pointcut.SUBSCRIPTION_BEFORE_DELIVERY)
    public boolean beforeDelivery(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
        Optional<List<IBaseResource>> subjects = subjectRecords(message);
        if (subjects.filter(List::isEmpty).isPresent()) {
            return true;
        }
        Optional<String> site = subjects.isPresent()
                ? records.read(subscription.getIdElement(fhir)).flatMap(SiteLabels::siteOf)
                : Optional.empty();
        boolean allowed = site.filter(
                        own -> subjects.get().stream().allMatch(record -> SiteLabels.ownedBy(record, own)))
                .isPresent();
        if (!allowed) {
            log.debug(
                    "Not delivering to Subscription/{} (site {}): a record of another site, or of none",
                    subscription.getIdPart(),
                    site.orElse("none"));
        }
        return allowed;
    }

    /**
     * The subject-level records a delivery tells of: the payload, or a notification Bundle's entries (read from the
     * database when it carries their ids only); empty when one of them could not be read.
     */
    private Optional<List<IBaseResource>> subjectRecords(ResourceDeliveryMessage message) {
        List<IBaseResource> told = new ArrayList<>();
        List<IIdType> idsOnly = new ArrayList<>();
        IBaseResource payload = message.getPayload(fhir);
        if (payload instanceof Bundle notification
                && notification.getEntryFirstRep().getResource() instanceof Parameters) {
            for (Bundle.BundleEntryComponent entry : notification.getEntry()) {
                Resource resource = entry.getResource();
                if (resource instanceof Parameters) {
                    continue; // the notification's status
                }
                if (resource != null) {
                    told.add(resource);
                } else if (entry.hasFullUrl()) {
                    idsOnly.add(new IdType(entry.getFullUrl()));
                }
            }
        } else if (payload != null) {
            told.add(payload);
        } else {
            idsOnly.add(message.getPayloadId(fhir));
        }
        List<IBaseResource> subjects = new ArrayList<>(told.stream()
                .filter(record -> RecordLevel.of(record) == RecordLevel.SUBJECT)
                .toList());
        for (IIdType id : idsOnly) {
            if (id != null
                    && id.hasResourceType()
                    && id.hasIdPart()
                    && RecordLevel.ofType(id.getResourceType()) == RecordLevel.SUBJECT) {
                Optional<IBaseResource> stored = records.read(id);
                if (stored.isEmpty()) {
                    return Optional.empty();
                }
                subjects.add(stored.get());
            }
        }
        return Optional.of(subjects);
    }
}
