package org.regenregistry.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.security.SmartScope.Permission;

/**
 * Who a request comes from, as its bearer token says (or nobody): the client, its role, its site and its SMART
 * scopes. {@link CallerFilter} attaches it to the servlet request once Spring Security has checked the token, so the
 * FHIR layer reads it from the request on whatever thread HAPI works (batch entries run on a pool), never from a
 * header the client sent.
 *
 * @param client the client id ({@code sub}), or empty when anonymous
 * @param role the role, or {@code null} when anonymous
 * @param site the site a site client acts for, otherwise {@code null}
 * @param scopes the clinical scopes the token grants
 */
public record Caller(String client, Role role, String site, List<SmartScope> scopes) {

    static final String ATTRIBUTE = Caller.class.getName();

    public static final Caller ANONYMOUS = new Caller("", null, null, List.of());

    /** The caller a request carries, or empty when the request did not come through the HTTP front (internal). */
    public static Optional<Caller> of(HttpServletRequest request) {
        return request == null ? Optional.empty() : Optional.ofNullable((Caller) request.getAttribute(ATTRIBUTE));
    }

    public boolean anonymous() {
        return role == null;
    }

    public boolean is(Role candidate) {
        return role == candidate;
    }

    /**
     * Whether any of the token's scopes grants {@code permission} on {@code type}, before their {@code ?param=value}
     * restrictions: what a request may ask for before the records it touches are known.
     */
    public boolean scoped(String type, Permission permission) {
        return scoped(type, permission, restrictions -> true);
    }

    /**
     * Whether any of the token's scopes grants {@code permission} on {@code type} for a record for which {@code
     * holds} says whether a scope's restrictions are true.
     */
    public boolean scoped(String type, Permission permission, Predicate<Map<String, String>> holds) {
        return scopes.stream()
                .anyMatch(scope -> scope.grants(type, permission)
                        && (scope.restrictions().isEmpty() || holds.test(scope.restrictions())));
    }

    /** Who, for messages and logs: the client and its role. */
    public String describe() {
        return anonymous()
                ? "an anonymous caller"
                : "client " + client + " (" + role.id() + (site == null ? "" : ", site " + site) + ")";
    }
}
