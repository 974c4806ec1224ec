package org.regenregistry.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.EnumSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.regenregistry.server.system.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Keeps another site's records out of the match URLs of a site's writes: conditional create ({@code If-None-Exist}),
 * update, patch and delete, alone or as transaction and batch entries. HAPI shows the records a match URL found to
 * the {@code STORAGE_PRESHOW_RESOURCES} hooks before it uses them; this hook runs before the read rules and takes
 * away every subject-level record of another site, so to the site such a record does not exist: a conditional create
 * creates its own record, a conditional delete deletes none of another site's. Without it the read rules would
 * refuse the write with 403, telling the site that a record it may not see matches its criteria. A conditional
 * delete finds its records without showing them to any hook, so its match URL is narrowed instead: in a transaction
 * or batch here, alone by {@link SiteSearchNarrowingInterceptor}.
 */
@Component
@Interceptor(order = SiteMatchNarrowingInterceptor.BEFORE_THE_READ_RULES)
public class SiteMatchNarrowingInterceptor implements StorageInterceptor {

    static final int BEFORE_THE_READ_RULES = -100;

    private static final Set<RestOperationTypeEnum> WRITES = EnumSet.of(
            RestOperationTypeEnum.CREATE,
            RestOperationTypeEnum.UPDATE,
            RestOperationTypeEnum.PATCH,
            RestOperationTypeEnum.DELETE,
            RestOperationTypeEnum.TRANSACTION,
            RestOperationTypeEnum.BATCH);

    @Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
    public void narrowDeletes(IBaseBundle bundle, RequestDetails request) {
        if (!(bundle instanceof Bundle transaction)) {
            return;
        }
        FhirAccessInterceptor.siteOf(request).ifPresent(site -> {
            for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
                Bundle.BundleEntryRequestComponent delete = entry.getRequest();
                String url = delete.getUrl();
                if (delete.getMethod() == Bundle.HTTPVerb.DELETE
                        && url != null
                        && url.contains("?")
                        && RecordLevel.ofType(url.substring(0, url.indexOf('?'))) == RecordLevel.SUBJECT) {
                    delete.setUrl(SiteLabels.narrowedMatchUrl(url, site));
                }
            }
        });
    }

    @Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = BEFORE_THE_READ_RULES)
    public void narrow(IPreResourceShowDetails found, RequestDetails request) {
        if (request == null || !WRITES.contains(request.getRestOperationType())) {
            return;
        }
        FhirAccessInterceptor.siteOf(request).ifPresent(site -> {
            for (int i = 0; i < found.size(); i++) {
                IBaseResource resource = found.getResource(i);
                if (resource != null
                        && RecordLevel.of(resource) == RecordLevel.SUBJECT
                        && !SiteLabels.ownedBy(resource, site)) {
                    found.setResource(i, null);
                }
            }
        });
    }
}
