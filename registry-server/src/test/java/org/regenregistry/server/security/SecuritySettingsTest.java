package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.security.SecuritySettings.Client;
import org.regenregistry.server.security.SecuritySettings.Role;

class SecuritySettingsTest {

    private static final Set<String> SCOPES = Set.of("system/Patient.rs");

    @Test
    void aJwksUrlIsHttpsOrOnTheLoopbackAddress() {
        assertThatCode(() -> client(URI.create("https://ehr.st-olaf.example/jwks")))
                .doesNotThrowAnyException();
        assertThatCode(() -> client(URI.create("http://localhost:8081/jwks"))).doesNotThrowAnyException();
        assertThatCode(() -> client(URI.create("http://127.0.0.1:8081/jwks"))).doesNotThrowAnyException();

        assertThatThrownBy(() -> client(URI.create("http://ehr.st-olaf.example/jwks")))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> client(URI.create("file:///etc/keys.json"))).hasMessageContaining("https");
    }

    @Test
    void aClientNamesItsKeysOneWayAndASiteOnlyForTheSiteRole() {
        assertThatThrownBy(() -> new Client(Role.SITE, "st-olaf", SCOPES, null, null))
                .hasMessageContaining("jwks");
        assertThatThrownBy(() -> new Client(Role.RESEARCHER, "st-olaf", SCOPES, "{\"keys\":[]}", null))
                .hasMessageContaining("site");
        assertThatThrownBy(() -> new Client(Role.SITE, " ", SCOPES, "{\"keys\":[]}", null))
                .hasMessageContaining("site");
    }

    private static Client client(URI jwksUrl) {
        return new Client(Role.SITE, "st-olaf", SCOPES, null, jwksUrl);
    }
}
