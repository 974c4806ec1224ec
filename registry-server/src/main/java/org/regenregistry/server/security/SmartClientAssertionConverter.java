package org.regenregistry.server.security;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a token request as SMART Backend Services clients send it: <a
 * href="https://hl7.org/fhir/smart-app-launch/backend-services.html#request">without {@code client_id}</a>, the client
 * being named by the signed assertion's {@code sub} (RFC 7523 makes {@code client_id} optional). Spring Authorization
 * Server's own converter requires it, and takes over whenever it is sent. The assertion's signature and claims are
 * checked afterwards, by {@link ClientAssertionDecoders}, against the keys of the client it names.
 */
final class SmartClientAssertionConverter implements AuthenticationConverter {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String assertion = request.getParameter("client_assertion");
        if (!"POST".equals(request.getMethod())
                || !JWT_BEARER.equals(request.getParameter("client_assertion_type"))
                || assertion == null
                || request.getParameter("client_id") != null) {
            return null;
        }
        String clientId;
        try {
            clientId = JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
        } catch (ParseException e) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        if (clientId == null || clientId.isBlank()) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        return new OAuth2ClientAuthenticationToken(
                clientId, new ClientAuthenticationMethod(JWT_BEARER), assertion, Map.of());
    }
}
