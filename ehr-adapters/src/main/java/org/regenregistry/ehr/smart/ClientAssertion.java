package org.regenregistry.ehr.smart;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The signed JWT a backend client presents instead of a secret
 * (<a href="https://hl7.org/fhir/smart-app-launch/backend-services.html#authenticating-to-the-token-endpoint">
 * authenticating to the token endpoint</a>): issuer and subject are the client id, the audience is the token
 * endpoint, it expires within five minutes and carries a unique {@code jti} so that it cannot be replayed. Signed
 * with nimbus-jose-jwt.
 */
public final class ClientAssertion {

    /** The longest lifetime the specification allows. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private ClientAssertion() {}

    /** A compact JWS for one token request. */
    public static String sign(SigningKey key, String clientId, URI tokenEndpoint, Instant now) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(key.algorithm()))
                .keyID(key.keyId())
                .type(JOSEObjectType.JWT)
                .build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenEndpoint.toString())
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign the client assertion with " + key.algorithm(), e);
        }
        return jwt.serialize();
    }

    private static JWSSigner signer(SigningKey key) throws JOSEException {
        return key.key() instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key.key());
    }
}
