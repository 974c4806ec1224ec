package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenClaimsTest {

    @Test
    void theBuiltInIssuersClaimsNameRoleSiteAndScopes() {
        TokenClaims claims = new TokenClaims(settings("role", "site"));

        Caller caller = claims.caller(jwt(Map.of(
                "sub", "st-olaf-ehr",
                "role", "site",
                "site", "st-olaf",
                "scope", List.of("system/Observation.rs", "system/ResearchSubject.cu"))));

        assertThat(caller.client()).isEqualTo("st-olaf-ehr");
        assertThat(caller.role()).isEqualTo(Role.SITE);
        assertThat(caller.site()).isEqualTo("st-olaf");
        assertThat(caller.scopes())
                .map(SmartScope::toString)
                .containsExactly("system/Observation.rs", "system/ResearchSubject.cu");
        assertThat(claims.authentication(jwt(Map.of("sub", "x", "role", "regulator", "scope", "system/*.rs")))
                        .getAuthorities())
                .extracting(Object::toString)
                .contains("ROLE_regulator", "SCOPE_system/*.rs");
    }

    @Test
    void aKeycloakTokenNamesItsRolesInANestedListAndItsScopesAsOneString() {
        TokenClaims claims = new TokenClaims(settings("realm_access.roles", "hospital"));

        Caller caller = claims.caller(jwt(Map.of(
                "sub", "3f1c",
                "realm_access", Map.of("roles", List.of("offline_access", "site")),
                "hospital", "lakeside",
                "scope", "openid system/Patient.rs")));

        assertThat(caller.role()).isEqualTo(Role.SITE);
        assertThat(caller.site()).isEqualTo("lakeside");
        assertThat(caller.scopes()).map(SmartScope::toString).containsExactly("system/Patient.rs");
    }

    @Test
    void aTokenWithoutARegistryRoleOrASiteTokenWithoutItsSiteIsInvalid() {
        TokenClaims claims = new TokenClaims(settings("role", "site"));

        assertThatThrownBy(() -> claims.caller(jwt(Map.of("sub", "x", "role", "superuser"))))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("no registry role");
        assertThatThrownBy(() -> claims.caller(jwt(Map.of("sub", "x", "role", "site"))))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("site");
    }

    @Test
    void onlyASiteTokenKeepsASite() {
        TokenClaims claims = new TokenClaims(settings("role", "site"));

        assertThat(claims.caller(jwt(Map.of("sub", "x", "role", "regulator", "site", "st-olaf")))
                        .site())
                .isNull();
    }

    private static SecuritySettings settings(String roleClaim, String siteClaim) {
        return new SecuritySettings(
                Duration.ofMinutes(5), Map.of(), null, null, null, roleClaim, siteClaim, true, 5, false, Map.of());
    }

    private static Jwt jwt(Map<String, Object> claims) {
        Jwt.Builder jwt = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300));
        claims.forEach(jwt::claim);
        return jwt.build();
    }
}
