package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

class SmartClientAssertionConverterTest {

    private final SmartClientAssertionConverter converter = new SmartClientAssertionConverter();

    @Test
    void withoutClientIdTheAssertionsSubjectNamesTheClient() {
        OAuth2ClientAuthenticationToken token =
                (OAuth2ClientAuthenticationToken) converter.convert(request(assertion("st-olaf-ehr"), null));

        assertThat(token.getPrincipal()).isEqualTo("st-olaf-ehr");
        assertThat(token.getCredentials()).isEqualTo(assertion("st-olaf-ehr"));
        assertThat(token.getClientAuthenticationMethod().getValue())
                .isEqualTo(SmartClientAssertionConverter.JWT_BEARER);
    }

    @Test
    void aRequestNamingItsClientIsLeftToSpringsOwnConverter() {
        assertThat(converter.convert(request(assertion("st-olaf-ehr"), "st-olaf-ehr")))
                .isNull();
        assertThat(converter.convert(new MockHttpServletRequest("POST", "/oauth2/token")))
                .isNull();
    }

    @Test
    void anAssertionThatIsNoJwtOrNamesNoOneIsAnUnknownClient() {
        assertThatThrownBy(() -> converter.convert(request("not-a-jwt", null)))
                .isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() ->
                        converter.convert(request(new PlainJWT(new JWTClaimsSet.Builder().build()).serialize(), null)))
                .isInstanceOf(OAuth2AuthenticationException.class);
    }

    private static String assertion(String client) {
        return new PlainJWT(new JWTClaimsSet.Builder()
                        .issuer(client)
                        .subject(client)
                        .build())
                .serialize();
    }

    private static MockHttpServletRequest request(String assertion, String clientId) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
        request.addParameter("grant_type", "client_credentials");
        request.addParameter("client_assertion_type", SmartClientAssertionConverter.JWT_BEARER);
        request.addParameter("client_assertion", assertion);
        if (clientId != null) {
            request.addParameter("client_id", clientId);
        }
        return request;
    }
}
