package org.regenregistry.server.request;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Answers an {@code If-Match} on a stale version with 412 Precondition Failed, as the FHIR spec requires for
 * <a href="https://hl7.org/fhir/R4/http.html#concurrency">managing resource contention</a>. HAPI reports it as a
 * 409 version conflict; other conflicts (two writers racing without {@code If-Match}, a delete of a resource that
 * others refer to) stay 409. An update with {@code If-Match} of a resource that does not exist is refused with 412
 * too (no version of it can match); HAPI would create it.
 */
@Component
@Interceptor
public class IfMatchPreconditionInterceptor implements RequestInterceptor {

    /** A delete refused because other resources refer to the target is a conflict, not a stale version. */
    private static final Set<RestOperationTypeEnum> VERSIONED_WRITES =
            Set.of(RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH);

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void noVersionMatchesANewResource(IBaseResource resource, RequestDetails request) {
        if (request != null
                && request.getRestOperationType() == RestOperationTypeEnum.UPDATE
                && request.getHeader(Constants.HEADER_IF_MATCH) != null) {
            throw new PreconditionFailedException(
                    resource.fhirType() + "/" + resource.getIdElement().getIdPart()
                            + " does not exist, so no version of it matches If-Match "
                            + request.getHeader(Constants.HEADER_IF_MATCH));
        }
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException staleIfMatchIsPreconditionFailed(RequestDetails request, Throwable exception) {
        if (exception instanceof ResourceVersionConflictException conflict
                && VERSIONED_WRITES.contains(request.getRestOperationType())
                && request.getHeader(Constants.HEADER_IF_MATCH) != null) {
            PreconditionFailedException failed = new PreconditionFailedException(conflict.getMessage());
            failed.setOperationOutcome(conflict.getOperationOutcome());
            return failed;
        }
        return null;
    }
}
