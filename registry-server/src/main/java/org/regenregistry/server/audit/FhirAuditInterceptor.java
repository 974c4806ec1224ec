package org.regenregistry.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.regenregistry.server.access.RecordLevel;
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Tells a FHIR request's audit record what HAPI knows of it: the interaction or operation, the records it answered
 * with (for a search, the subject-level records found; for a transaction, where each entry went), and why it failed.
 */
@Component
@Interceptor
public class FhirAuditInterceptor implements RequestInterceptor {

    private static final Set<RestOperationTypeEnum> SEARCHES = EnumSet.of(
            RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.SEARCH_SYSTEM,
            RestOperationTypeEnum.GET_PAGE,
            RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_SYSTEM);

    private static final Set<RestOperationTypeEnum> OPERATIONS = EnumSet.of(
            RestOperationTypeEnum.EXTENDED_OPERATION_SERVER,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE);

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void incoming(RequestDetails request) {
        AuditContext.of(request).ifPresent(context -> {
            RestOperationTypeEnum operation = request.getRestOperationType();
            if (operation == null) {
                return;
            }
            boolean bundle = operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH;
            String subtype = OPERATIONS.contains(operation) ? request.getOperation() : operation.getCode();
            context.interaction(subtype, actionOf(operation), bundle);
            if (request.getId() != null && request.getId().hasIdPart()) {
                context.named(reference(request.getId(), request.getResourceName()));
            }
        });
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public void outgoing(RequestDetails request, IBaseResource response) {
        Optional<AuditContext> found = AuditContext.of(request);
        if (found.isEmpty() || response == null || response instanceof OperationOutcome) {
            return;
        }
        AuditContext context = found.get();
        if (response instanceof Bundle bundle) {
            boolean search = SEARCHES.contains(request.getRestOperationType());
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.hasResource() && entry.getResource().getIdElement().hasIdPart()) {
                    if (!search || RecordLevel.of(entry.getResource()) == RecordLevel.SUBJECT) {
                        context.named(reference(
                                entry.getResource().getIdElement(),
                                entry.getResource().fhirType()));
                    }
                } else if (entry.hasResponse() && entry.getResponse().hasLocation()) {
                    context.named(entry.getResponse().getLocation());
                }
            }
        } else if (response.getIdElement().hasIdPart()) {
            context.named(reference(response.getIdElement(), response.fhirType()));
        }
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException exception) {
        AuditContext.of(request).ifPresent(context -> context.failed(exception.getMessage()));
        return true;
    }

    /** {@code Type/id}, with {@code /_history/n} when the version is known. */
    static String reference(IIdType id, String type) {
        String resourceType = id.hasResourceType() ? id.getResourceType() : type;
        return resourceType + "/" + id.getIdPart()
                + (id.hasVersionIdPart() ? "/_history/" + id.getVersionIdPart() : "");
    }

    private static String actionOf(RestOperationTypeEnum operation) {
        return switch (operation) {
            case CREATE -> "C";
            case UPDATE, PATCH, META_ADD, META_DELETE -> "U";
            case DELETE -> "D";
            case READ,
                    VREAD,
                    SEARCH_TYPE,
                    SEARCH_SYSTEM,
                    GET_PAGE,
                    HISTORY_INSTANCE,
                    HISTORY_TYPE,
                    HISTORY_SYSTEM,
                    METADATA,
                    META,
                    GRAPHQL_REQUEST -> "R";
            default -> "E";
        };
    }
}
