package org.regenregistry.server.submission;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.regenregistry.server.access.FhirAccessInterceptor;
import org.regenregistry.server.system.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Keeps a submission's own records (the Binary as received, the Provenance with the signature, the review Task) as
 * the registry wrote them: no client updates or deletes one through FHIR; the review moves through the regulators'
 * API, which writes the Task itself. Writes the registry makes (no caller) pass.
 */
@Component
@Interceptor
public class SubmissionRecordGuard implements StorageInterceptor {

    private final SubmissionStore store;

    SubmissionRecordGuard(SubmissionStore store) {
        this.store = store;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        guard(previous, request, "updated");
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void deleting(IBaseResource resource, RequestDetails request) {
        guard(resource, request, "deleted");
    }

    private void guard(IBaseResource stored, RequestDetails request, String what) {
        if (FhirAccessInterceptor.callerOf(request).isEmpty()) {
            return;
        }
        String type = stored.fhirType();
        String id = stored.getIdElement().getIdPart();
        if (store.isSubmissionRecord(type, id)) {
            throw new ForbiddenOperationException(type + "/" + id + " is the registry's record of an outcome"
                    + " submission and is not " + what + " by clients; a submission's review moves through"
                    + " /api/submissions/{id}/review");
        }
    }
}
