package org.regenregistry.server.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;

/**
 * Which scopes a client may ask the built-in server for: any clinical scope that one of its registered scopes covers
 * ({@link SmartScope#covers}), so a client registered for {@code system/Observation.cruds} gets a token for {@code
 * system/Observation.rs} when that is all it needs; other scopes only as registered. Spring's own check accepts
 * registered scopes only, letter for letter.
 */
final class RequestedScopes implements Consumer<OAuth2ClientCredentialsAuthenticationContext> {

    @Override
    public void accept(OAuth2ClientCredentialsAuthenticationContext context) {
        Set<String> registered = context.getRegisteredClient().getScopes();
        List<SmartScope> grantable = registered.stream()
                .map(SmartScope::parse)
                .flatMap(Optional::stream)
                .toList();
        OAuth2ClientCredentialsAuthenticationToken request = context.getAuthentication();
        for (String requested : request.getScopes()) {
            if (!allowed(requested, registered, grantable)) {
                throw new OAuth2AuthenticationException(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_SCOPE,
                        "The client is not registered for a scope that covers " + requested,
                        null));
            }
        }
    }

    static boolean allowed(String requested, Set<String> registered, List<SmartScope> grantable) {
        if (registered.contains(requested)) {
            return true;
        }
        return SmartScope.parse(requested)
                .filter(scope -> grantable.stream().anyMatch(granted -> granted.covers(scope)))
                .isPresent();
    }
}
