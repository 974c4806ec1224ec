package org.regenregistry.server.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/** A signed-in person's role, from the ID token the built-in issuer gave: {@code ROLE_regulator}, {@code ROLE_site}. */
final class PersonAuthorities {

    private PersonAuthorities() {}

    static Collection<? extends GrantedAuthority> of(Collection<? extends GrantedAuthority> granted) {
        List<GrantedAuthority> authorities = new ArrayList<>(granted);
        granted.stream()
                .filter(OidcUserAuthority.class::isInstance)
                .map(OidcUserAuthority.class::cast)
                .map(authority -> authority.getIdToken().getClaimAsString(AuthorizationServerConfig.ROLE_CLAIM))
                .filter(role -> role != null && !role.isBlank())
                .forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        return authorities;
    }
}
