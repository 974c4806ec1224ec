package org.regenregistry.server.access;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.regenregistry.profiles.RegistryPackage;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Keeps a <a href="https://hl7.org/fhir/uv/bulkdata/export.html">Bulk Data export</a> to the client that started
 * it. At kick-off its types and filters are cut down to what the caller may search ({@link ExportNarrowing}: its
 * scopes, and for a site its own records), and the job is marked with the client's id, which HAPI writes into each
 * NDJSON file's {@code Binary.securityContext}. The job's status, manifest and cancellation answer that client alone
 * (anyone else learns nothing, not even that the job exists), and its files are read with that client's token
 * ({@code requiresAccessToken: true}; {@link AccessPolicy} reads the mark).
 */
@Component
@Interceptor
public class BulkExportAccessInterceptor implements RequestInterceptor {

    /** The identifier system of the registry's OAuth client ids, as a file's {@code securityContext} names them. */
    public static final String CLIENT_SYSTEM = RegistryPackage.CANONICAL + "/sid/oauth-client";

    private static final String POLL_STATUS = "$export-poll-status";
    private static final String JOB_ID = "_jobId";

    private final IJobCoordinator jobs;

    public BulkExportAccessInterceptor(IJobCoordinator jobs) {
        this.jobs = jobs;
    }

    /** Runs before HAPI's authorization checks the kick-off, so they see the narrowed export. */
    @Hook(Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT)
    public void narrow(BulkExportJobParameters export, RequestDetails request) {
        FhirAccessInterceptor.callerOf(request).ifPresent(caller -> {
            ExportNarrowing narrowed = ExportNarrowing.of(caller, export.getResourceTypes(), export.getFilters());
            if (narrowed.types().isEmpty()) {
                throw FhirAccessInterceptor.forbidden("None of the types to export (" + export.getResourceTypes()
                        + ") may be searched by " + caller.describe() + " with the token's scopes");
            }
            export.setResourceTypes(narrowed.types());
            export.setFilters(narrowed.filters());
            export.setBinarySecurityContextIdentifierSystem(CLIENT_SYSTEM);
            export.setBinarySecurityContextIdentifierValue(caller.client());
        });
    }

    /** Status, manifest and cancellation of another client's export, or of none, answer 404 alike. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void ownJobsOnly(RequestDetails request) {
        if (!POLL_STATUS.equals(request.getOperation())) {
            return;
        }
        Optional<Caller> caller = FhirAccessInterceptor.callerOf(request);
        Optional<String> jobId = jobIdOf(request);
        if (caller.isEmpty() || jobId.isEmpty()) {
            return;
        }
        String requester;
        try {
            requester = jobs.getInstance(jobId.get())
                    .getParameters(BulkExportJobParameters.class)
                    .getBinarySecurityContextIdentifierValue();
        } catch (ResourceNotFoundException unknown) {
            requester = null;
        }
        if (!caller.get().client().equals(requester)) {
            throw new ResourceNotFoundException(
                    "No export " + jobId.get() + " of " + caller.get().describe());
        }
    }

    /** The client an export file was written for, if {@code resource} is one. */
    static Optional<String> requesterOf(IBaseResource resource) {
        if (resource instanceof Binary binary && binary.getSecurityContext().hasIdentifier()) {
            Identifier identifier = binary.getSecurityContext().getIdentifier();
            return CLIENT_SYSTEM.equals(identifier.getSystem())
                    ? Optional.ofNullable(identifier.getValue())
                    : Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> jobIdOf(RequestDetails request) {
        String[] inQuery = request.getParameters().get(JOB_ID);
        if (inQuery != null && inQuery.length > 0) {
            return Optional.of(inQuery[0]);
        }
        return request.getResource() instanceof Parameters body
                ? Optional.ofNullable(body.getParameter(JOB_ID))
                        .map(Parameters.ParametersParameterComponent::getValue)
                        .filter(PrimitiveType.class::isInstance)
                        .map(value -> ((PrimitiveType<?>) value).getValueAsString())
                : Optional.empty();
    }
}
