package org.regenregistry.server.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.util.ResourceReferenceInfo;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.regenregistry.server.request.ErrorResponses;
import org.regenregistry.server.security.ResourceServerConfig;
import org.regenregistry.server.system.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Keeps a site's records from pointing at another site's: every reference in what a site writes to a subject-level
 * record (a Patient, a member Group, an Observation a Provenance targets) must name a record of the same site.
 * Without it a site could tie its Observation to another site's Patient, and the answer would tell it that the
 * Patient exists; so a reference to another site's record and one to no record are refused alike, with 400, before
 * HAPI looks the reference up itself (for a transaction, before its first entry; a reference to another entry of the
 * same Bundle waits; a batch's entries one by one, as they stand alone). Every reference is checked again once
 * resolved (a transaction's placeholders, conditional references), just before the write commits. A target is read
 * once per request, and not at all when the request wrote it: what a site writes is its own ({@link
 * SiteStampInterceptor}). Timed as the {@code references} step of authorization.
 */
@Component
@Interceptor
public class SiteReferenceInterceptor implements StorageInterceptor {

    private static final String CHECKED = SiteReferenceInterceptor.class.getName() + ".checked";

    private final FhirContext context;
    private final StoredRecords records;
    private final Timer timer;

    SiteReferenceInterceptor(FhirContext context, StoredRecords records, MeterRegistry meters) {
        this.context = context;
        this.records = records;
        this.timer = ResourceServerConfig.authorizationTimer(meters, "references");
    }

    /** A transaction's references to records outside it, before any entry is stored. */
    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void bundle(IBaseBundle bundle, RequestDetails request) {
        if (!(bundle instanceof Bundle entries) || entries.getType() != Bundle.BundleType.TRANSACTION) {
            return;
        }
        FhirAccessInterceptor.siteOf(request).ifPresent(site -> {
            Set<String> inBundle = new HashSet<>();
            for (Bundle.BundleEntryComponent entry : entries.getEntry()) {
                if (entry.hasResource() && entry.getResource().getIdElement().hasIdPart()) {
                    inBundle.add(entry.getResource()
                            .getIdElement()
                            .toUnqualifiedVersionless()
                            .getValue());
                }
                if (entry.getRequest().hasUrl()) {
                    inBundle.add(entry.getRequest().getUrl());
                }
            }
            for (Bundle.BundleEntryComponent entry : entries.getEntry()) {
                if (entry.hasResource()) {
                    check(entry.getResource(), site, request, inBundle);
                }
            }
        });
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        beforeStorage(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        beforeStorage(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void createdResolved(IBaseResource resource, RequestDetails request) {
        resolved(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updatedResolved(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        resolved(resource, request);
    }

    /** A write whose references are resolved; it is the site's own record, so others may refer to it unread. */
    private void resolved(IBaseResource resource, RequestDetails request) {
        FhirAccessInterceptor.siteOf(request).ifPresent(site -> {
            checkedIn(request)
                    .add(resource.getIdElement().toUnqualifiedVersionless().getValue());
            check(resource, site, request, Set.of());
        });
    }

    /**
     * A single write or a batch entry (each stands alone), before HAPI resolves its references; a transaction's
     * entries were checked as a whole.
     */
    private void beforeStorage(IBaseResource resource, RequestDetails request) {
        if (request.getRestOperationType() != RestOperationTypeEnum.TRANSACTION) {
            FhirAccessInterceptor.siteOf(request).ifPresent(site -> check(resource, site, request, Set.of()));
        }
    }

    /** Refuses {@code resource} if it refers to a subject-level record of another site, or to none. */
    private void check(IBaseResource resource, String site, RequestDetails request, Set<String> inBundle) {
        timer.record(() -> checkNow(resource, site, request, inBundle));
    }

    private void checkNow(IBaseResource resource, String site, RequestDetails request, Set<String> inBundle) {
        Set<String> checked = checkedIn(request);
        for (ResourceReferenceInfo reference : context.newTerser().getAllResourceReferences(resource)) {
            IIdType target = reference.getResourceReference().getReferenceElement();
            if (!target.hasResourceType()
                    || !target.hasIdPart()
                    || target.hasBaseUrl()
                    || target.isLocal()
                    || !mayBeSubjectLevel(target.getResourceType())) {
                continue;
            }
            String id = target.toUnqualifiedVersionless().getValue();
            if (checked.contains(id) || inBundle.contains(id)) {
                continue;
            }
            IBaseResource found = records.read(target).orElse(null);
            if (found == null || (RecordLevel.of(found) == RecordLevel.SUBJECT && !SiteLabels.ownedBy(found, site))) {
                String reason = resource.fhirType() + " refers (" + reference.getName() + ") to " + id
                        + ", which is no record of site " + site;
                throw new InvalidRequestException(reason, ErrorResponses.outcome(400, reason));
            }
            checked.add(id);
        }
    }

    /** A Group is trial-level until it lists members; every other type's level is known from the type. */
    private static boolean mayBeSubjectLevel(String type) {
        return RecordLevel.ofType(type) == RecordLevel.SUBJECT || "Group".equals(type);
    }

    /** The targets found or written as the site's own in this request, so a transaction reads each once at most. */
    @SuppressWarnings("unchecked")
    private static Set<String> checkedIn(RequestDetails request) {
        return (Set<String>) request.getUserData().computeIfAbsent(CHECKED, key -> new HashSet<String>());
    }
}
