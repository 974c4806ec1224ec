package org.regenregistry.ehr.smart;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The signed JWT a backend client presents instead of a secret
 * (<a href="https://hl7.org/fhir/smart-app-launch/backend-services.html#authenticating-to-the-token-endpoint">
 * authenticating to the token endpoint</a>): issuer and subject are the client id, the audience is the token
 * endpoint, it expires within five minutes and carries a unique {@code jti} so that it cannot be replayed.
 */
public final class ClientAssertion {

    /** The longest lifetime the specification allows. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private ClientAssertion() {}

    /** A compact JWS for one token request. */
    public static String sign(SigningKey key, String clientId, URI tokenEndpoint, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", key.algorithm());
        header.put("kid", key.keyId());
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", clientId);
        claims.put("sub", clientId);
        claims.put("aud", tokenEndpoint.toString());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance(key.jdkAlgorithm());
            signature.initSign(key.key());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the client assertion with " + key.algorithm(), e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
