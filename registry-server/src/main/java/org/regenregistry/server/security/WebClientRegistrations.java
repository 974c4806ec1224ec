package org.regenregistry.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The web app as a client of the built-in issuer: a public client (no secret in a browser's reach) that signs people in
 * with the authorization code and PKCE, as OpenID Connect asks. The issuer is the registry itself, at {@code
 * registry.fhir.server-address}'s root or, without one, at the address the browser came in on, so the registration
 * is made for the request at hand.
 */
final class WebClientRegistrations implements ClientRegistrationRepository {

    static final String ID = "registry-web";

    private final String serverAddress;

    WebClientRegistrations(String serverAddress) {
        this.serverAddress = serverAddress;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)
                || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
            return null;
        }
        HttpServletRequest request = attributes.getRequest();
        String issuer = OAuthEndpoints.builtInIssuer(request, serverAddress);
        return ClientRegistration.withRegistrationId(ID)
                .clientId(ID)
                .clientName("regen-registry")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope(OidcScopes.OPENID)
                .issuerUri(issuer)
                .authorizationUri(issuer + "/oauth2/authorize")
                .tokenUri(issuer + "/oauth2/token")
                .jwkSetUri(issuer + "/oauth2/jwks")
                .userNameAttributeName("sub")
                .build();
    }
}
