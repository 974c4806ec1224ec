package org.regenregistry.server.audit;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the layers a request passes learn of it for its audit record: the FHIR interaction, the records it named, why
 * it failed, and whether its writes were recorded with them. Kept on the servlet request; HAPI may fill it from
 * other threads (batch entries), so it is thread-safe.
 */
final class AuditContext {

    private static final String ATTRIBUTE = AuditContext.class.getName();
    private static final String HISTORY = "/_history/";

    private final String requestId = AuditEntry.newId();
    private final Set<String> entities = new LinkedHashSet<>();
    private volatile String subtype;
    private volatile String action;
    private volatile boolean bundle;
    private volatile String failure;
    private volatile boolean wroteRecords;

    static AuditContext attachTo(HttpServletRequest request) {
        AuditContext context = new AuditContext();
        request.setAttribute(ATTRIBUTE, context);
        return context;
    }

    static Optional<AuditContext> of(HttpServletRequest request) {
        return request == null ? Optional.empty() : Optional.ofNullable((AuditContext) request.getAttribute(ATTRIBUTE));
    }

    /** The context of a FHIR request that came through the HTTP front; internal requests have none. */
    static Optional<AuditContext> of(RequestDetails request) {
        return request instanceof ServletRequestDetails servlet ? of(servlet.getServletRequest()) : Optional.empty();
    }

    String requestId() {
        return requestId;
    }

    void interaction(String subtype, String action, boolean bundle) {
        this.subtype = subtype;
        this.action = action;
        this.bundle = bundle;
    }

    String subtype() {
        return subtype;
    }

    String action() {
        return action;
    }

    boolean bundle() {
        return bundle;
    }

    /** Names a record; its versioned reference ({@code Type/id/_history/n}) stands for the unversioned one. */
    synchronized void named(String entity) {
        int history = entity.indexOf(HISTORY);
        if (history >= 0) {
            entities.remove(entity.substring(0, history));
            entities.add(entity);
        } else if (entities.stream().noneMatch(named -> named.startsWith(entity + HISTORY))) {
            entities.add(entity);
        }
    }

    synchronized List<String> entities() {
        return new ArrayList<>(entities);
    }

    void failed(String why) {
        this.failure = why;
    }

    String failure() {
        return failure;
    }

    /** A write of the request was recorded in its transaction. */
    void wroteRecord() {
        wroteRecords = true;
    }

    /**
     * Whether the request wrote records, each with its own audit record. Those committed with their writes when the
     * request succeeded: a write that rolled back fails its request.
     */
    boolean wroteAudited() {
        return wroteRecords;
    }
}
