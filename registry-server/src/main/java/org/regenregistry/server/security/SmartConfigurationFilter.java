package org.regenregistry.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.regenregistry.server.request.ErrorResponses;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /fhir/.well-known/smart-configuration}: how a SMART client gets a token from the registry (<a
 * href="https://hl7.org/fhir/smart-app-launch/conformance.html">SMART App Launch 2, conformance</a>). Served before
 * HAPI, which owns every other path under {@code /fhir}. The addresses are those of {@code registry.fhir.server-address},
 * or the request's own (its host has passed the host check).
 */
class SmartConfigurationFilter extends OncePerRequestFilter {

    static final String PATH = "/fhir/.well-known/smart-configuration";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecuritySettings settings;
    private final List<String> scopes;
    private final String serverAddress;

    /** @param serverAddress the public FHIR base, or blank for the address the request came in on */
    SmartConfigurationFilter(SecuritySettings settings, String serverAddress) {
        this.settings = settings;
        this.scopes = settings.clients().values().stream()
                .flatMap(client -> client.scopes().stream())
                .distinct()
                .sorted()
                .toList();
        this.serverAddress = serverAddress;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            ErrorResponses.write(response, request.getRequestURI(), 405, "The SMART configuration is read with GET");
            return;
        }
        String fhirBase = serverAddress.isBlank()
                ? ServletUriComponentsBuilder.fromContextPath(request)
                        .path("/fhir")
                        .build()
                        .toUriString()
                : serverAddress;
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("issuer", OAuthEndpoints.issuer(settings, fhirBase));
        configuration.put("token_endpoint", OAuthEndpoints.token(settings, fhirBase));
        configuration.put("jwks_uri", OAuthEndpoints.jwks(settings, fhirBase));
        configuration.put("grant_types_supported", List.of("client_credentials"));
        configuration.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        configuration.put("token_endpoint_auth_signing_alg_values_supported", ClientAssertionDecoders.ALGORITHM_NAMES);
        configuration.put("scopes_supported", scopes);
        configuration.put("capabilities", List.of("client-confidential-asymmetric", "permission-v2", "permission-v1"));
        response.setStatus(200);
        response.setContentType("application/json");
        JSON.writeValue(response.getOutputStream(), configuration);
    }
}
