package org.regenregistry.server.security;

import java.net.URI;

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
