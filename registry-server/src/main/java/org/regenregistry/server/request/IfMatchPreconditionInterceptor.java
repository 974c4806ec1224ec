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
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Answers an {@code If-Match} on a stale version with 412 Precondition Failed, as the FHIR spec requires for
 * <a href="https://hl7.org/fhir/R4/http.html#concurrency">managing resource contention</a>. HAPI reports it as a
 * 409 version conflict; other conflicts (two writers racing without {@code If-Match}, a delete of a resource that
 * others refer to) stay 409.
 */
@Component
@Interceptor
public class IfMatchPreconditionInterceptor implements RequestInterceptor {

    /** A delete refused because other resources refer to the target is a conflict, not a stale version. */
    private static final Set<RestOperationTypeEnum> VERSIONED_WRITES =
            Set.of(RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH);

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
