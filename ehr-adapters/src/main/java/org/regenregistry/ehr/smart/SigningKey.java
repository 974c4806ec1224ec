package org.regenregistry.ehr.smart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * A site's private key for signing client assertions, with the {@code kid} under which the EHR knows its public half
 * (from the JWKS registered with the EHR). SMART Backend Services requires RS384 or ES384
 * (<a href="https://hl7.org/fhir/smart-app-launch/backend-services.html">SMART App Launch 2, Backend Services</a>):
 * an RSA key of at least 2048 bits, or an EC key on P-384.
 *
 * @param algorithm the JWS algorithm the key signs with: {@code RS384} or {@code ES384}
 */
public record SigningKey(PrivateKey key, String keyId, String algorithm) {

    private static final int MIN_RSA_BITS = 2048;
    private static final int P384_BITS = 384;

    public SigningKey {
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("A signing key needs the kid of its public key in the site's JWKS");
        }
    }

    /** The key of a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}). */
    public static SigningKey fromPemFile(Path pem, String keyId) throws IOException {
        return fromPem(Files.readString(pem), keyId);
    }

    /** The key of PKCS#8 PEM text, e.g. from an environment variable. */
    public static SigningKey fromPem(String pem, String keyId) {
        String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        if (base64.isEmpty() || pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            throw new IllegalArgumentException(
                    "The signing key must be PKCS#8 PEM (BEGIN PRIVATE KEY); convert it with openssl pkcs8 -topk8");
        }
        byte[] der = Base64.getDecoder().decode(base64);
        return of(parse(der), keyId);
    }

    /** A key already loaded; its type decides the algorithm. */
    public static SigningKey of(PrivateKey key, String keyId) {
        if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("An RS384 key must have at least " + MIN_RSA_BITS + " bits");
            }
            return new SigningKey(key, keyId, "RS384");
        }
        if (key instanceof ECPrivateKey ec) {
            if (ec.getParams().getCurve().getField().getFieldSize() != P384_BITS) {
                throw new IllegalArgumentException("An ES384 key must be on the P-384 curve");
            }
            return new SigningKey(key, keyId, "ES384");
        }
        throw new IllegalArgumentException(
                "Only RSA (RS384) and EC P-384 (ES384) keys are allowed, not " + key.getAlgorithm());
    }

    private static PrivateKey parse(byte[] der) {
        for (String type : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisType) {
                // the next type
            }
        }
        throw new IllegalArgumentException("The signing key is neither an RSA nor an EC PKCS#8 key");
    }
}
