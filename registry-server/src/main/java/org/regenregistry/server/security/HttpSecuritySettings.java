package org.regenregistry.server.security;

import jakarta.validation.constraints.NotNull;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may address the registry over HTTP ({@code registry.http.*}).
 *
 * @param allowedHosts the host names the registry answers to, without port, besides the host of {@code
 *     registry.fhir.server-address}; the embedded default answers on this machine's loopback names only
 * @param corsAllowedOrigins the web origins (scheme, host and port, such as {@code https://app.example.org}) whose
 *     pages may call {@code /fhir} and {@code /api} from a browser; none by default, and never {@code *}: the
 *     registry holds clinical records (<a href="https://fetch.spec.whatwg.org/#http-cors-protocol">CORS</a>)
 */
@Validated
@ConfigurationProperties("registry.http")
public record HttpSecuritySettings(
        @DefaultValue({"localhost", "127.0.0.1", "[::1]"}) @NotNull Set<String> allowedHosts,
        @DefaultValue({}) @NotNull Set<String> corsAllowedOrigins) {

    public HttpSecuritySettings {
        if (corsAllowedOrigins.stream().anyMatch(origin -> origin.contains("*"))) {
            throw new IllegalArgumentException("registry.http.cors-allowed-origins names origins one by one; '*' would"
                    + " let any web page read the registry with its visitors' credentials");
        }
    }
}
