package org.regenregistry.server.audit;

import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.regenregistry.server.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Writes one audit record per request to the FHIR endpoint, the JSON API, the token endpoints and the operational
 * endpoints (not the health probes), whatever the answer: refused ones (401, 403) and bad ones (4xx) with their
 * outcome. The record is committed before the answer's first byte leaves ({@link RecordBeforeAnswer}), so a registry
 * killed right after answering has the record of that answer. A FHIR write is recorded inside its own transaction
 * instead ({@link WriteAuditInterceptor}), so the request adds no second record for it; a transaction or batch gets
 * one record of its own besides those of its entries.
 */
class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditLog audit;
    private final Clock clock;
    private final Timer timer;

    AuditFilter(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
        this.timer = audit.timer("request");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AuditContext context = AuditContext.attachTo(request);
        RecordBeforeAnswer guarded = new RecordBeforeAnswer(response, status -> record(request, context, status));
        boolean completed = false;
        try {
            chain.doFilter(request, guarded);
            completed = true;
        } finally {
            guarded.finish(completed ? guarded.getStatus() : HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
    }

    /** Writes the request's record; false when it cannot be written. */
    private boolean record(HttpServletRequest request, AuditContext context, int status) {
        if (context.wroteAudited() && !context.bundle() && status < 400) {
            return true;
        }
        Optional<Caller> caller = Caller.of(request);
        String path = request.getRequestURI();
        String failure =
                status < 400 ? null : Optional.ofNullable(context.failure()).orElse(refusal(status));
        AuditEntry entry = new AuditEntry(
                AuditEntry.newId(),
                clock.instant(),
                context.requestId(),
                kindOf(path),
                context.subtype() != null ? context.subtype() : request.getMethod() + " " + template(request),
                context.action() != null ? context.action() : actionOf(request.getMethod()),
                status < 400 ? "0" : status < 500 ? "4" : "8",
                failure,
                status,
                caller.map(Caller::client).orElse(""),
                caller.filter(found -> !found.anonymous())
                        .map(found -> found.role().id())
                        .orElse(null),
                caller.map(Caller::site).orElse(null),
                request.getRemoteAddr(),
                request.getMethod(),
                path,
                request.getQueryString(),
                context.entities());
        try {
            timer.record(() -> audit.append(entry));
            return true;
        } catch (RuntimeException e) {
            log.error("Could not write the audit record of {} {}: the answer is refused", request.getMethod(), path, e);
            return false;
        }
    }

    /** The path template Spring MVC matched ({@code /api/ehr/sites/{site}/runs}), or the path. */
    private static String template(HttpServletRequest request) {
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern == null ? request.getRequestURI() : pattern.toString();
    }

    private static String kindOf(String path) {
        if (path.startsWith("/fhir")) {
            return "rest";
        }
        if (path.startsWith("/api/")) {
            return "api";
        }
        return path.startsWith("/actuator") ? "operations" : "oauth";
    }

    private static String actionOf(String method) {
        return switch (method) {
            case "GET", "HEAD" -> "R";
            case "PUT", "PATCH" -> "U";
            case "DELETE" -> "D";
            default -> "E";
        };
    }

    private static String refusal(int status) {
        return switch (status) {
            case 401 -> "no valid access token";
            case 403 -> "not permitted";
            case 404 -> "not found";
            default -> "refused with HTTP " + status;
        };
    }
}
