package org.regenregistry.server.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Reads the {@link Caller} from a checked access token: the role and site from the claims {@code
 * registry.security.role-claim} and {@code site-claim} name (a dotted path reaches into nested claims, such as
 * Keycloak's {@code realm_access.roles}, where the first value that is a registry role counts), the scopes from
 * {@code scope} (a space-separated string or a list). A token that names no registry role is not one of the
 * registry's, and is refused as invalid.
 */
final class TokenClaims {

    private final String roleClaim;
    private final String siteClaim;

    TokenClaims(SecuritySettings settings) {
        this.roleClaim = settings.roleClaim();
        this.siteClaim = settings.siteClaim();
    }

    CallerAuthentication authentication(Jwt jwt) {
        Caller caller = caller(jwt);
        Collection<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_" + caller.role().id()));
        caller.scopes().forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
        return new CallerAuthentication(jwt, authorities, caller);
    }

    Caller caller(Jwt jwt) {
        return caller(jwt.getClaims(), Optional.ofNullable(jwt.getSubject()).orElse(jwt.getClaimAsString("client_id")));
    }

    /**
     * The caller the claims of a token, or of the ID token of a person signed in to the web app, name; {@code
     * subject} is the client or the person.
     */
    Caller caller(Map<String, Object> claims, String subject) {
        Role role = values(claims, roleClaim).stream()
                .flatMap(value -> Arrays.stream(Role.values())
                        .filter(candidate -> candidate.id().equals(value)))
                .findFirst()
                .orElseThrow(() -> invalid("The token names no registry role in its claim " + roleClaim));
        String site = values(claims, siteClaim).stream().findFirst().orElse(null);
        if (role == Role.SITE && (site == null || site.isBlank())) {
            throw invalid("A site token must name its site in its claim " + siteClaim);
        }
        List<SmartScope> scopes = values(claims, "scope").stream()
                .flatMap(value -> Arrays.stream(value.split(" ")))
                .map(SmartScope::parse)
                .flatMap(Optional::stream)
                .toList();
        return new Caller(subject == null ? "" : subject, role, role == Role.SITE ? site : null, scopes);
    }

    /** The string values at a dotted claim path: one string, or a list of them. */
    static List<String> values(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String step : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(step);
        }
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof Collection<?> list) {
            return list.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
        }
        return List.of();
    }

    private static OAuth2AuthenticationException invalid(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
