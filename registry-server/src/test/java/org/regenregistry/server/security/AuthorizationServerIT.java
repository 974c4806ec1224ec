package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.smart.BackendServicesClient;
import org.regenregistry.ehr.smart.SigningKey;
import org.regenregistry.server.support.EhrStubInitializer;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;

/**
 * The built-in authorization server issues tokens to registered clients that prove their key as SMART Backend
 * Services asks, and to no one else: the registry's own EHR client gets a token from it, and expired, too long-lived,
 * replayed, unsigned, wrongly signed and misaddressed assertions are refused.
 */
class AuthorizationServerIT extends RegistryClientSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theRegistrysOwnEhrClientGetsATokenNamingItsRoleSiteAndScopes() throws Exception {
        BackendServicesClient client = new BackendServicesClient(
                HttpClient.newHttpClient(),
                URI.create(fhir.baseUrl()),
                SecurityClientsInitializer.SITE_CLIENT,
                "system/Observation.rs system/ResearchSubject.cruds",
                SigningKey.of(EhrStubInitializer.REGISTRY_KEY.getPrivate(), "registry-test"),
                Duration.ofSeconds(30),
                Clock.systemUTC());

        SignedJWT token = SignedJWT.parse(client.accessToken());

        RSAKey issuerKey = JWKSet.parse(fhir.get(root("oauth2/jwks")).body())
                .getKeyByKeyId(token.getHeader().getKeyID())
                .toRSAKey();
        assertThat(token.verify(new RSASSAVerifier(issuerKey))).isTrue();
        JWTClaimsSet claims = token.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo(SecurityClientsInitializer.SITE_CLIENT);
        assertThat(claims.getStringClaim("role")).isEqualTo("site");
        assertThat(claims.getStringClaim("site")).isEqualTo("st-olaf");
        assertThat(claims.getAudience()).containsExactly(fhir.baseUrl());
        assertThat(claims.getStringListClaim("scope"))
                .containsExactlyInAnyOrder("system/Observation.rs", "system/ResearchSubject.cruds");
        assertThat(claims.getExpirationTime()).isBefore(Date.from(Instant.now().plus(Duration.ofMinutes(6))));
    }

    @Test
    void anEs384ClientGetsATokenForItsOwnScopesOnly() throws Exception {
        String client = SecurityClientsInitializer.RESEARCHER_CLIENT;
        ECDSASigner signer = new ECDSASigner(SecurityClientsInitializer.RESEARCHER_KEY);

        HttpResponse<String> granted = token(
                client,
                "system/ResearchStudy.rs",
                assertion(signer, JWSAlgorithm.ES384, "trial-finder-1", client, tokenUrl(), Duration.ofMinutes(4)));
        HttpResponse<String> beyond = token(
                client,
                "system/Patient.rs",
                assertion(signer, JWSAlgorithm.ES384, "trial-finder-1", client, tokenUrl(), Duration.ofMinutes(4)));

        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        JWTClaimsSet claims = SignedJWT.parse(
                        JSON.readTree(granted.body()).at("/access_token").asText())
                .getJWTClaimsSet();
        assertThat(claims.getStringClaim("role")).isEqualTo("researcher");
        assertThat(claims.getClaim("site")).isNull();
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(error(beyond)).isEqualTo("invalid_scope");
    }

    @Test
    void aClientGetsLessThanItIsRegisteredForButNeverMore() throws Exception {
        String client = SecurityClientsInitializer.SITE_CLIENT;

        HttpResponse<String> narrower =
                token(client, "system/Patient.rs", siteAssertion(tokenUrl(), Duration.ofMinutes(4)));
        HttpResponse<String> broader =
                token(client, "system/Patient.cruds", siteAssertion(tokenUrl(), Duration.ofMinutes(4)));

        assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(200);
        assertThat(SignedJWT.parse(JSON.readTree(narrower.body())
                                .at("/access_token")
                                .asText())
                        .getJWTClaimsSet()
                        .getStringListClaim("scope"))
                .containsExactly("system/Patient.rs");
        assertThat(broader.statusCode()).isEqualTo(400);
        assertThat(error(broader)).isEqualTo("invalid_scope");
    }

    @Test
    void aReplayedAssertionIsRefused() throws Exception {
        String assertion = siteAssertion(tokenUrl(), Duration.ofMinutes(4));

        assertThat(token(SecurityClientsInitializer.SITE_CLIENT, "system/Patient.crs", assertion)
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> replayed = token(SecurityClientsInitializer.SITE_CLIENT, "system/Patient.crs", assertion);

        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(error(replayed)).isEqualTo("invalid_client");
    }

    @Test
    void expiredLongLivedMisaddressedUnsignedAndForeignAssertionsAreRefused() throws Exception {
        String site = SecurityClientsInitializer.SITE_CLIENT;
        RSASSASigner registryKey = new RSASSASigner(EhrStubInitializer.REGISTRY_KEY.getPrivate());
        PrivateKey foreign = rsaKey();

        List<String> refused = List.of(
                siteAssertion(tokenUrl(), Duration.ofMinutes(-2)),
                siteAssertion(tokenUrl(), Duration.ofMinutes(30)),
                siteAssertion("https://elsewhere.example/oauth2/token", Duration.ofMinutes(4)),
                assertion(registryKey, JWSAlgorithm.RS256, "registry-test", site, tokenUrl(), Duration.ofMinutes(4)),
                assertion(
                        new RSASSASigner(foreign),
                        JWSAlgorithm.RS384,
                        "registry-test",
                        site,
                        tokenUrl(),
                        Duration.ofMinutes(4)),
                new PlainJWT(claims(site, tokenUrl(), Duration.ofMinutes(4))).serialize());

        for (String assertion : refused) {
            HttpResponse<String> response = token(site, "system/Patient.rs", assertion);
            assertThat(response.statusCode()).as(assertion).isEqualTo(401);
            assertThat(error(response)).isEqualTo("invalid_client");
        }
        assertThat(token("nobody", "system/Patient.rs", siteAssertion(tokenUrl(), Duration.ofMinutes(4)))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void theSmartConfigurationNamesTheTokenEndpointAndWhatItTakes() throws Exception {
        HttpResponse<String> response = fhir.get(".well-known/smart-configuration", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode configuration = JSON.readTree(response.body());
        assertThat(configuration.at("/token_endpoint").asText()).isEqualTo(tokenUrl());
        assertThat(configuration.at("/jwks_uri").asText()).isEqualTo(root("oauth2/jwks"));
        assertThat(configuration.at("/token_endpoint_auth_methods_supported").toString())
                .isEqualTo("[\"private_key_jwt\"]");
        assertThat(configuration
                        .at("/token_endpoint_auth_signing_alg_values_supported")
                        .toString())
                .contains("RS384", "ES384");
        assertThat(configuration.at("/capabilities").toString())
                .contains("client-confidential-asymmetric", "permission-v2", "permission-v1");
        assertThat(configuration.at("/scopes_supported").toString()).contains("system/ResearchStudy.rs");

        CapabilityStatement capabilities =
                fhir.parse(CapabilityStatement.class, fhir.get("metadata").body());
        CapabilityStatement.CapabilityStatementRestSecurityComponent security =
                capabilities.getRestFirstRep().getSecurity();
        assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        assertThat(security.getExtensionByUrl(SmartCapabilityInterceptor.OAUTH_URIS)
                        .getExtensionByUrl("token")
                        .getValue()
                        .primitiveValue())
                .isEqualTo(tokenUrl());
    }

    @Test
    void theAuthorizationServerMetadataNamesOnlyWhatClientsCanUse() throws Exception {
        HttpResponse<String> answer =
                fhir.get(root(".well-known/oauth-authorization-server"), "Accept", "application/json");
        JsonNode metadata = JSON.readTree(answer.body());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

        assertThat(metadata.at("/token_endpoint").asText()).isEqualTo(tokenUrl());
        assertThat(metadata.at("/grant_types_supported").toString())
                .isEqualTo("[\"client_credentials\",\"authorization_code\"]");
        assertThat(metadata.at("/token_endpoint_auth_methods_supported").toString())
                .isEqualTo("[\"private_key_jwt\",\"none\"]");
        assertThat(metadata.at("/code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
        assertThat(metadata.has("device_authorization_endpoint")).isFalse();

        JsonNode openId = JSON.readTree(fhir.get(root(".well-known/openid-configuration"), "Accept", "application/json")
                .body());
        assertThat(openId.at("/authorization_endpoint").asText()).isEqualTo(root("oauth2/authorize"));
        assertThat(openId.at("/grant_types_supported")).isEqualTo(metadata.at("/grant_types_supported"));
    }

    /** The web app's public client may only be sent back to the registry itself. */
    @Test
    void anAuthorizationRequestForAnotherRedirectIsRefused() throws Exception {
        HttpResponse<String> answer = fhir.anonymous()
                .get(
                        root("oauth2/authorize?response_type=code&client_id=registry-web&scope=openid"
                                + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
                                + "&redirect_uri=https%3A%2F%2Fattacker.example%2Fcallback"),
                        "Accept",
                        "text/html");

        assertThat(answer.statusCode()).isEqualTo(400);
    }

    private String tokenUrl() {
        return root("oauth2/token");
    }

    private String siteAssertion(String audience, Duration lifetime) throws Exception {
        return assertion(
                new RSASSASigner(EhrStubInitializer.REGISTRY_KEY.getPrivate()),
                JWSAlgorithm.RS384,
                "registry-test",
                SecurityClientsInitializer.SITE_CLIENT,
                audience,
                lifetime);
    }

    private static String assertion(
            JWSSigner signer, JWSAlgorithm algorithm, String keyId, String client, String audience, Duration lifetime)
            throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm)
                        .keyID(keyId)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims(client, audience, lifetime));
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static JWTClaimsSet claims(String client, String audience, Duration lifetime) {
        return new JWTClaimsSet.Builder()
                .issuer(client)
                .subject(client)
                .audience(audience)
                .expirationTime(Date.from(Instant.now().plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    private HttpResponse<String> token(String client, String scope, String assertion) {
        String form = "grant_type=client_credentials&scope=" + encode(scope) + "&client_id=" + encode(client)
                + "&client_assertion_type=" + encode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + encode(assertion);
        return fhir.post(tokenUrl(), "application/x-www-form-urlencoded", form, "Accept", "application/json");
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).at("/error").asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static PrivateKey rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }
}
