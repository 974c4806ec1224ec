package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.RegistryServerApplication;
import org.regenregistry.server.support.EmbeddedElasticsearchInitializer;
import org.regenregistry.server.support.EmbeddedPostgresInitializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The registry taking its tokens from the hospital's own authorization server ({@code registry.security.issuer-uri}),
 * as a Keycloak realm issues them: the role among {@code realm_access.roles}, keys from the realm's JWKS URL, served
 * here by a JDK HTTP server. The built-in authorization server is then off.
 */
@SpringBootTest(classes = RegistryServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("it")
@ContextConfiguration(
        initializers = {
            EmbeddedPostgresInitializer.class,
            EmbeddedElasticsearchInitializer.class,
            ExternalIssuerIT.Realm.class
        })
class ExternalIssuerIT {

    private static final String ISSUER = "https://login.hospital.example/realms/research";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RSAKey REALM_KEY = rsaKey("realm-key");
    private static final int PORT = freePort();
    private static final String FHIR = "http://localhost:" + PORT + "/fhir";

    private final HttpClient http = HttpClient.newHttpClient();

    /** The realm's JWKS endpoint, and the registry pointed at the realm. */
    static class Realm implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            HttpServer realm = jwksServer();
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    realm.stop(0);
                }
            });
            TestPropertyValues.of(
                            "server.port=" + PORT,
                            "registry.fhir.server-address=" + FHIR,
                            "registry.security.issuer-uri=" + ISSUER,
                            "registry.security.jwk-set-uri=http://127.0.0.1:"
                                    + realm.getAddress().getPort() + "/certs",
                            "registry.security.token-uri=" + ISSUER + "/protocol/openid-connect/token",
                            "registry.security.role-claim=realm_access.roles")
                    .applyTo(context);
        }

        private static HttpServer jwksServer() {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                byte[] keys = new JWKSet(REALM_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                server.createContext("/certs", exchange -> {
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, keys.length);
                    exchange.getResponseBody().write(keys);
                    exchange.close();
                });
                server.start();
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aRealmTokenReachesWhatItsRoleMay() throws Exception {
        String site = realmToken(REALM_KEY, ISSUER, List.of("offline_access", "site"), "system/*.cruds");
        String regulator = realmToken(REALM_KEY, ISSUER, List.of("regulator", "uma_authorization"), "system/*.rs");

        HttpResponse<String> created = send(
                HttpRequest.newBuilder(URI.create(FHIR + "/Patient"))
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"active\":true}")),
                site);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).at("/id").asText();

        assertThat(send(HttpRequest.newBuilder(URI.create(FHIR + "/Patient/" + id)), site)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(FHIR + "/Patient/" + id)), regulator)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send(
                                HttpRequest.newBuilder(URI.create(FHIR + "/Patient"))
                                        .header("Content-Type", "application/fhir+json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\"}")),
                                regulator)
                        .statusCode())
                .as("a regulator writes nothing")
                .isEqualTo(403);
    }

    @Test
    void tokensOfAnotherIssuerOrKeyAreRefusedAndTheBuiltInServerIsOff() throws Exception {
        String root = "http://localhost:" + PORT;
        Map<String, String> foreign = Map.of(
                "the built-in issuer's name", realmToken(REALM_KEY, root, List.of("regulator"), "system/*.rs"),
                "a key the realm does not publish",
                        realmToken(rsaKey("realm-key"), ISSUER, List.of("regulator"), "system/*.rs"),
                "no registry role", realmToken(REALM_KEY, ISSUER, List.of("offline_access"), "system/*.rs"));

        foreign.forEach((why, token) -> {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(FHIR + "/Patient?_count=1")), token);
            assertThat(refused.statusCode()).as(why).isEqualTo(401);
        });
        HttpResponse<String> builtIn = http.send(
                HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(builtIn.statusCode()).isIn(401, 404);
        JsonNode smart =
                JSON.readTree(send(HttpRequest.newBuilder(URI.create(FHIR + "/.well-known/smart-configuration")), null)
                        .body());
        assertThat(smart.at("/token_endpoint").asText()).isEqualTo(ISSUER + "/protocol/openid-connect/token");
        assertThat(smart.at("/issuer").asText()).isEqualTo(ISSUER);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(
                    request.header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A token as a Keycloak realm writes it: the roles under {@code realm_access}, the site as a mapped claim. */
    private static String realmToken(RSAKey key, String issuer, List<String> roles, String scope) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(UUID.randomUUID().toString())
                .audience(FHIR)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("azp", "st-olaf-ehr")
                .claim("realm_access", Map.of("roles", roles))
                .claim("site", "st-olaf")
                .claim("scope", "openid " + scope)
                .build();
        return BearerTokenIT.signed(claims, key);
    }

    private static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
