package org.regenregistry.server.support;

import com.nimbusds.jose.JOSEException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.regenregistry.ehr.smart.BackendServicesClient;
import org.regenregistry.ehr.smart.SigningKey;

/**
 * Real access tokens for the tests, from the built-in authorization server of the registry on a port, obtained the
 * way every client obtains them (SMART Backend Services, a signed assertion) by the clients of {@link
 * SecurityClientsInitializer}; kept and renewed per registry and client.
 */
public final class TestTokens {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Map<String, BackendServicesClient> CLIENTS = new ConcurrentHashMap<>();

    private TestTokens() {}

    /** A token of {@code client} (one of {@link SecurityClientsInitializer}'s) from the registry on {@code port}. */
    public static String of(int port, String client) {
        BackendServicesClient tokens = CLIENTS.computeIfAbsent(
                port + " " + client,
                key -> new BackendServicesClient(
                        HTTP,
                        URI.create("http://localhost:" + port + "/fhir"),
                        client,
                        SecurityClientsInitializer.scopesOf(client),
                        signingKey(client),
                        Duration.ofSeconds(30),
                        Clock.systemUTC()));
        try {
            return tokens.accessToken();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SigningKey signingKey(String client) {
        try {
            return client.equals(SecurityClientsInitializer.RESEARCHER_CLIENT)
                    ? SigningKey.of(
                            SecurityClientsInitializer.RESEARCHER_KEY.toECPrivateKey(),
                            SecurityClientsInitializer.RESEARCHER_KEY.getKeyID())
                    : SigningKey.of(EhrStubInitializer.REGISTRY_KEY.getPrivate(), SecurityClientsInitializer.KEY_ID);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The token the tests use unless they choose one: none for the liveness and readiness probes (an orchestrator has none), the
     * operations endpoints ({@code /actuator}, {@code /api/ehr}, {@code /api/imports})
     * as {@value SecurityClientsInitializer#ADMIN}, reads as {@value SecurityClientsInitializer#REGULATOR} (who sees
     * every site, so a test can check what any site stored), and writes as {@value
     * SecurityClientsInitializer#SITE_STAFF}, so what the tests write belongs to site {@value
     * SecurityClientsInitializer#SITE}.
     */
    public static String defaultFor(int port, String method, String path) {
        if (path.contains("/actuator/health/liveness") || path.contains("/actuator/health/readiness")) {
            return null;
        }
        if (path.contains("/actuator/") || path.contains("/api/ehr/") || path.contains("/api/imports/")) {
            return of(port, SecurityClientsInitializer.ADMIN);
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        return of(port, read ? SecurityClientsInitializer.REGULATOR : SecurityClientsInitializer.SITE_STAFF);
    }
}
