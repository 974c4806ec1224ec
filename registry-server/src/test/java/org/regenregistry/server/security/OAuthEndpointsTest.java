package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OAuthEndpointsTest {

    @Test
    void theEndpointsSitBesideFhirOrAtTheRootOfTheHost() {
        assertThat(OAuthEndpoints.token("http://localhost:8080/fhir")).isEqualTo("http://localhost:8080/oauth2/token");
        assertThat(OAuthEndpoints.jwks("https://registry.example.org/fhir/"))
                .isEqualTo("https://registry.example.org/oauth2/jwks");
        assertThat(OAuthEndpoints.token("https://proxy.example.org/registry/fhir"))
                .isEqualTo("https://proxy.example.org/registry/oauth2/token");
        assertThat(OAuthEndpoints.root("https://proxy.example.org:8443/r4"))
                .isEqualTo("https://proxy.example.org:8443");
    }
}
