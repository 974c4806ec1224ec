package org.regenregistry.ehr.smart;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;

/**
 * What an EHR publishes at {@code [base]/.well-known/smart-configuration}
 * (<a href="https://hl7.org/fhir/smart-app-launch/conformance.html">SMART discovery</a>): the parts a backend client
 * needs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SmartConfiguration(
        @JsonProperty("token_endpoint") URI tokenEndpoint,
        @JsonProperty("grant_types_supported") List<String> grantTypesSupported,
        @JsonProperty("token_endpoint_auth_methods_supported") List<String> tokenEndpointAuthMethodsSupported,
        @JsonProperty("token_endpoint_auth_signing_alg_values_supported") List<String> signingAlgorithmsSupported,
        @JsonProperty("scopes_supported") List<String> scopesSupported) {

    /** Whether the EHR takes a {@code client_credentials} grant with a JWT assertion signed by {@code algorithm}. */
    boolean supportsBackendServices(String algorithm) {
        return contains(grantTypesSupported, "client_credentials")
                && contains(tokenEndpointAuthMethodsSupported, "private_key_jwt")
                && (signingAlgorithmsSupported == null || signingAlgorithmsSupported.contains(algorithm));
    }

    private static boolean contains(List<String> values, String value) {
        return values == null || values.contains(value);
    }
}
