package org.regenregistry.ehr.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

    @Test
    void aPkcs8PemKeyIsReadAndItsTypeDecidesTheAlgorithm() throws Exception {
        assertThat(SigningKey.fromPem(pem(TestKeys.rsa(2048).getPrivate()), "r").algorithm())
                .isEqualTo("RS384");
        assertThat(SigningKey.fromPem(pem(TestKeys.ec("secp384r1").getPrivate()), "e")
                        .algorithm())
                .isEqualTo("ES384");
    }

    @Test
    void keysTheSpecificationDoesNotAllowAreRefused() throws Exception {
        PrivateKey p256 = TestKeys.ec("secp256r1").getPrivate();
        PrivateKey rsa1024 = TestKeys.rsa(1024).getPrivate();

        assertThatIllegalArgumentException()
                .isThrownBy(() -> SigningKey.of(p256, "k"))
                .withMessage("An ES384 key must be on the P-384 curve");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SigningKey.of(TestKeys.brainpoolP384().getPrivate(), "k"))
                .withMessage("An ES384 key must be on the P-384 curve");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SigningKey.of(rsa1024, "k"))
                .withMessage("An RS384 key must have at least 2048 bits");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        SigningKey.fromPem("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----", "k"))
                .withMessageStartingWith("The signing key must be PKCS#8 PEM");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SigningKey.of(TestKeys.ec("secp384r1").getPrivate(), " "))
                .withMessageStartingWith("A signing key needs the kid");
    }

    @Test
    void thePublicJwkIsTheKeyPairsOwnPublicKey() throws Exception {
        for (KeyPair pair : new KeyPair[] {TestKeys.rsa(2048), TestKeys.ec("secp384r1")}) {
            SigningKey signing = SigningKey.fromPem(pem(pair.getPrivate()), "registry-2026");

            JWK jwk = signing.publicJwk();

            assertThat(jwk.isPrivate()).isFalse();
            assertThat(jwk.getKeyID()).isEqualTo("registry-2026");
            assertThat(jwk.getAlgorithm().getName()).isEqualTo(signing.algorithm());
            assertThat(jwk.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
            PublicKey derived = jwk instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) jwk).toPublicKey();
            assertThat(derived.getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        }
    }

    private static String pem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }
}
