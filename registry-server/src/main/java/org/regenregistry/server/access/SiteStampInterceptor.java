package org.regenregistry.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.system.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Stamps what a site writes with its site, and keeps a site to its own records, at the storage layer, where every
 * write path ends (create, update, patch, conditional operations, transaction and batch entries): a created or
 * updated record carries its writer's site label and no other, whatever the client put in {@code meta.security}; an
 * update or delete of a record that does not carry the writer's label is refused. The site comes from the token
 * ({@link Caller}), never from the request's content. Writes that did not come through the HTTP front (the EHR sync,
 * package installation, jobs) carry their labels already and pass unchanged.
 */
@Component
@Interceptor
public class SiteStampInterceptor implements StorageInterceptor {

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        FhirAccessInterceptor.callerOf(request).ifPresent(caller -> SiteLabels.stamp(resource, siteOf(caller)));
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        FhirAccessInterceptor.callerOf(request).ifPresent(caller -> {
            String site = siteOf(caller);
            requireOwn(previous, site, "updated");
            SiteLabels.stamp(resource, site);
        });
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request) {
        FhirAccessInterceptor.callerOf(request).ifPresent(caller -> requireOwn(resource, siteOf(caller), "deleted"));
    }

    /** Only a site writes through the front; the FHIR rules stop every other role before storage. */
    private static String siteOf(Caller caller) {
        if (!caller.is(Role.SITE)) {
            throw FhirAccessInterceptor.forbidden("Only a site's client writes records, not " + caller.describe());
        }
        return caller.site();
    }

    private static void requireOwn(IBaseResource stored, String site, String what) {
        if (!SiteLabels.ownedBy(stored, site)) {
            throw FhirAccessInterceptor.forbidden(
                    stored.getIdElement().toUnqualifiedVersionless().getValue() + " is not a record of site " + site
                            + " and cannot be " + what + " by it");
        }
    }
}
