package org.regenregistry.server.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;

/**
 * The public keys of a registered client, as it registered them: a JWK Set given inline, or the URL where it
 * publishes one (fetched, cached and refreshed by nimbus). Both who authenticates at the token endpoint and who signs
 * an outcome submission are told by these keys.
 */
public final class ClientKeys {

    private ClientKeys() {}

    /**
     * The keys of {@code whose}: {@code jwks} when given, otherwise those published at {@code jwksUrl}.
     *
     * @throws IllegalArgumentException when the inline keys are no JWK Set or the URL is none
     */
    public static JWKSource<SecurityContext> of(String jwks, URI jwksUrl, String whose) {
        try {
            if (jwks != null && !jwks.isBlank()) {
                return new ImmutableJWKSet<>(JWKSet.parse(jwks));
            }
            return JWKSourceBuilder.create(jwksUrl.toURL()).build();
        } catch (ParseException | MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("The keys of " + whose + " cannot be read: " + e.getMessage(), e);
        }
    }
}
