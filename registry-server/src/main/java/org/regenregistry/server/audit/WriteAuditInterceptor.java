package org.regenregistry.server.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.regenregistry.server.access.FhirAccessInterceptor;
import org.regenregistry.server.access.SiteLabels;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.system.StorageInterceptor;
import org.springframework.stereotype.Component;

/**
 * Records every create, update and delete of a FHIR record inside the transaction that writes it, just before it
 * commits: the write and its audit record commit together or not at all (21 CFR 11.10(e)), whoever wrote it, through
 * the FHIR endpoint (the token's client, role and site) or the registry itself (an EHR sync, package installation).
 * The record names the version written, so the audit trail tells which version each write made.
 */
@Component
@Interceptor
public class WriteAuditInterceptor implements StorageInterceptor {

    /** The agent of writes the registry makes itself. */
    static final String REGISTRY = "registry";

    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();
    private final Timer timer;

    WriteAuditInterceptor(AuditLog audit) {
        this.audit = audit;
        this.timer = audit.timer("write");
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        record("C", "create", resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        record("U", "update", resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource, RequestDetails request) {
        record("D", "delete", resource, request);
    }

    private void record(String action, String subtype, IBaseResource resource, RequestDetails request) {
        HttpServletRequest servlet =
                request instanceof ServletRequestDetails details ? details.getServletRequest() : null;
        Optional<AuditContext> context = AuditContext.of(request);
        Optional<Caller> caller = FhirAccessInterceptor.callerOf(request).filter(found -> !found.anonymous());
        AuditEntry entry = new AuditEntry(
                AuditEntry.newId(),
                clock.instant(),
                context.map(AuditContext::requestId).orElse(null),
                "storage",
                subtype,
                action,
                "0",
                null,
                null,
                caller.map(Caller::client).orElse(REGISTRY),
                caller.map(found -> found.role().id()).orElse(null),
                caller.map(Caller::site)
                        .orElseGet(() -> SiteLabels.siteOf(resource).orElse(null)),
                servlet == null ? null : servlet.getRemoteAddr(),
                servlet == null ? null : servlet.getMethod(),
                servlet == null ? null : servlet.getRequestURI(),
                null,
                List.of(FhirAuditInterceptor.reference(resource.getIdElement(), resource.fhirType())));
        timer.record(() -> audit.append(entry));
        context.ifPresent(AuditContext::wroteRecord);
    }
}
