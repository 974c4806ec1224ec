package org.regenregistry.server.security;

import java.util.Collection;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A checked token with the {@link Caller} its claims name, read once when the token is checked, so that neither
 * {@link CallerFilter} nor an error answer reads the claims again.
 */
final class CallerAuthentication extends JwtAuthenticationToken {

    private final transient Caller caller;

    CallerAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, Caller caller) {
        super(jwt, authorities, caller.client());
        this.caller = caller;
    }

    Caller caller() {
        return caller;
    }
}
