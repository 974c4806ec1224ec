package org.regenregistry.ehr.smart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientAssertionTest {

    private static final URI TOKEN = URI.create("https://ehr.example.org/oauth2/token");
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    @Test
    void anRs384AssertionNamesTheClientAndTheTokenEndpointAndVerifies() throws Exception {
        KeyPair pair = TestKeys.rsa(2048);
        String jwt = ClientAssertion.sign(SigningKey.of(pair.getPrivate(), "site-key-1"), "registry", TOKEN, NOW);

        String[] parts = jwt.split("\\.");
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        assertThat(header.at("/alg").asText()).isEqualTo("RS384");
        assertThat(header.at("/kid").asText()).isEqualTo("site-key-1");
        assertThat(header.at("/typ").asText()).isEqualTo("JWT");
        assertThat(claims.at("/iss").asText()).isEqualTo("registry");
        assertThat(claims.at("/sub").asText()).isEqualTo("registry");
        assertThat(claims.at("/aud").asText()).isEqualTo(TOKEN.toString());
        assertThat(claims.at("/exp").asLong()).isEqualTo(NOW.plusSeconds(300).getEpochSecond());
        assertThat(verifies("SHA384withRSA", pair, parts)).isTrue();
    }

    @Test
    void anEs384AssertionCarriesTheFixedLengthSignatureJwsUses() throws Exception {
        KeyPair pair = TestKeys.ec("secp384r1");
        String[] parts = ClientAssertion.sign(SigningKey.of(pair.getPrivate(), "ec-1"), "registry", TOKEN, NOW)
                .split("\\.");

        assertThat(decode(parts[0]).at("/alg").asText()).isEqualTo("ES384");
        assertThat(Base64.getUrlDecoder().decode(parts[2])).hasSize(96);
        assertThat(verifies("SHA384withECDSAinP1363Format", pair, parts)).isTrue();
    }

    @Test
    void everyAssertionHasItsOwnJti() throws Exception {
        SigningKey key = SigningKey.of(TestKeys.ec("secp384r1").getPrivate(), "ec-1");

        String first = decode(ClientAssertion.sign(key, "registry", TOKEN, NOW).split("\\.")[1])
                .at("/jti")
                .asText();
        String second = decode(ClientAssertion.sign(key, "registry", TOKEN, NOW).split("\\.")[1])
                .at("/jti")
                .asText();
        assertThat(first).isNotBlank().isNotEqualTo(second);
    }

    private static boolean verifies(String algorithm, KeyPair pair, String[] parts) throws Exception {
        Signature signature = Signature.getInstance(algorithm);
        signature.initVerify(pair.getPublic());
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static JsonNode decode(String part) throws Exception {
        return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(part));
    }
}
