package org.regenregistry.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Where the authorization server's endpoints are, seen from a FHIR base. The built-in server's are beside {@code
 * /fhir} at the registry's root, or, when the public FHIR base ({@code registry.fhir.server-address}) does not end in
 * {@code /fhir}, at the root of its host; an external issuer's are those {@code registry.security} names.
 */
final class OAuthEndpoints {

    private OAuthEndpoints() {}

    static String root(String fhirBase) {
        String base = fhirBase.endsWith("/") ? fhirBase.substring(0, fhirBase.length() - 1) : fhirBase;
        if (base.endsWith("/fhir")) {
            return base.substring(0, base.length() - "/fhir".length());
        }
        URI uri = URI.create(base);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /**
     * The built-in issuer as a request to it sees it: the root of {@code registry.fhir.server-address} when set, so
     * that no request's {@code Host} decides it; otherwise the address the request came in on (its host passed the
     * host check).
     */
    static String builtInIssuer(HttpServletRequest request, String serverAddress) {
        return serverAddress.isBlank()
                ? ServletUriComponentsBuilder.fromContextPath(request).build().toUriString()
                : root(serverAddress);
    }

    /** The audience of the built-in issuer's tokens: the registry's FHIR base. */
    static String audience(String issuer, String serverAddress) {
        return serverAddress.isBlank() ? issuer + "/fhir" : serverAddress;
    }

    static String token(String fhirBase) {
        return root(fhirBase) + "/oauth2/token";
    }

    static String jwks(String fhirBase) {
        return root(fhirBase) + "/oauth2/jwks";
    }

    static String issuer(SecuritySettings settings, String fhirBase) {
        return settings.builtInIssuer() ? root(fhirBase) : settings.issuerUri().toString();
    }

    static String token(SecuritySettings settings, String fhirBase) {
        return settings.builtInIssuer() ? token(fhirBase) : settings.tokenUri().toString();
    }

    static String jwks(SecuritySettings settings, String fhirBase) {
        return settings.builtInIssuer() ? jwks(fhirBase) : settings.jwkSetUri().toString();
    }
}
