package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpSecuritySettingsTest {

    @Test
    void aWildcardOriginIsNotAPolicy() {
        assertThatThrownBy(() -> new HttpSecuritySettings(Set.of("localhost"), Set.of("*")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry.http.cors-allowed-origins");
        assertThatThrownBy(() -> new HttpSecuritySettings(Set.of("localhost"), Set.of("https://*.example.org")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
