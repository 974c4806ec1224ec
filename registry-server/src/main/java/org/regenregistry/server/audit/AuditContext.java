package org.regenregistry.server.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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
    private final AtomicInteger committedWrites = new AtomicInteger();
    private volatile String subtype;
    private volatile String action;
    private volatile boolean bundle;
    private volatile String failure;

    static AuditContext attachTo(HttpServletRequest request) {
        AuditContext context = new AuditContext();
        request.setAttribute(ATTRIBUTE, context);
        return context;
    }

    static Optional<AuditContext> of(HttpServletRequest request) {
        return request == null ? Optional.empty() : Optional.ofNullable((AuditContext) request.getAttribute(ATTRIBUTE));
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

    void writeCommitted() {
        committedWrites.incrementAndGet();
    }

    /** Whether the request wrote records whose own audit records committed with them. */
    boolean wroteAudited() {
        return committedWrites.get() > 0;
    }
}
