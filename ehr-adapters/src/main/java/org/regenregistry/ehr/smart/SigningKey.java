package org.regenregistry.ehr.smart;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.jce.ECNamedCurveTable;

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
            if (!Curve.P_384.equals(Curve.forECParameterSpec(ec.getParams()))) {
                throw new IllegalArgumentException("An ES384 key must be on the P-384 curve");
            }
            return new SigningKey(key, keyId, "ES384");
        }
        throw new IllegalArgumentException(
                "Only RSA (RS384) and EC P-384 (ES384) keys are allowed, not " + key.getAlgorithm());
    }

    /**
     * The public half as a JWK ({@code kid}, {@code alg}, {@code use: sig}), for the JWKS a hospital registers the
     * registry's client with. The JDK cannot derive an EC public key from its private key, so Bouncy Castle computes
     * the curve point.
     */
    public JWK publicJwk() {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                return new RSAKey.Builder(publicKey)
                        .keyID(keyId)
                        .algorithm(JWSAlgorithm.RS384)
                        .keyUse(KeyUse.SIGNATURE)
                        .build();
            }
            if (key instanceof ECPrivateKey ec) {
                org.bouncycastle.math.ec.ECPoint point = ECNamedCurveTable.getParameterSpec("secp384r1")
                        .getG()
                        .multiply(ec.getS())
                        .normalize();
                ECPublicKey publicKey = (ECPublicKey) KeyFactory.getInstance("EC")
                        .generatePublic(new ECPublicKeySpec(
                                new ECPoint(
                                        point.getAffineXCoord().toBigInteger(),
                                        point.getAffineYCoord().toBigInteger()),
                                ec.getParams()));
                return new ECKey.Builder(Curve.P_384, publicKey)
                        .keyID(keyId)
                        .algorithm(JWSAlgorithm.ES384)
                        .keyUse(KeyUse.SIGNATURE)
                        .build();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The public half of key " + keyId + " cannot be built", e);
        }
        throw new IllegalStateException("Key " + keyId + " carries no public exponent; give it as PKCS#8 PEM");
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
