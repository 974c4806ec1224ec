package org.regenregistry.ehr.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.regenregistry.ehr.http.FhirTransport;

/**
 * A SMART Backend Services client for one EHR site
 * (<a href="https://hl7.org/fhir/smart-app-launch/backend-services.html">SMART App Launch 2, Backend Services</a>):
 * discovers the token endpoint, obtains access tokens with a signed client assertion, keeps the token until shortly
 * before it expires, and sends FHIR requests with it. A request answered 401 (the EHR revoked or expired the token
 * early) is retried once with a new token.
 */
public final class BackendServicesClient implements FhirTransport {

    /** A token this close to its expiry is renewed before use. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final HttpClient http;
    private final URI fhirBase;
    private final String clientId;
    private final String scope;
    private final SigningKey key;
    private final Duration timeout;
    private final Clock clock;
    private URI tokenEndpoint;
    private AccessToken token;

    public BackendServicesClient(
            HttpClient http,
            URI fhirBase,
            String clientId,
            String scope,
            SigningKey key,
            Duration timeout,
            Clock clock) {
        this.http = http;
        this.fhirBase = fhirBase;
        this.clientId = clientId;
        this.scope = scope;
        this.key = key;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public URI fhirBase() {
        return fhirBase;
    }

    /** Sends a request to the EHR with a valid access token, renewing it once if the EHR answers 401. */
    @Override
    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        HttpResponse<T> response = http.send(authorized(request, accessToken()), body);
        if (response.statusCode() != 401) {
            return response;
        }
        invalidate();
        return http.send(authorized(request, accessToken()), body);
    }

    /** The current access token, obtained or renewed as needed. */
    public synchronized String accessToken() throws IOException, InterruptedException {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(token.expiresAt().minus(RENEW_BEFORE_EXPIRY))) {
            token = requestToken(now);
        }
        return token.value();
    }

    /** Forgets the current token, so the next request obtains a new one. */
    public synchronized void invalidate() {
        token = null;
    }

    private HttpRequest authorized(HttpRequest.Builder request, String accessToken) {
        return request.copy()
                .timeout(timeout)
                .header("Authorization", "Bearer " + accessToken)
                .build();
    }

    private AccessToken requestToken(Instant now) throws IOException, InterruptedException {
        URI endpoint = tokenEndpoint();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", ClientAssertion.sign(key, clientId, endpoint, now));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(endpoint)
                        .timeout(timeout)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new SmartAuthenticationException("The token endpoint " + endpoint + " answered "
                    + response.statusCode() + ": " + abbreviate(response.body()));
        }
        JsonNode answer = JSON.readTree(response.body());
        if (!answer.hasNonNull("access_token")) {
            throw new SmartAuthenticationException("The token endpoint " + endpoint + " sent no access_token");
        }
        long expiresIn = answer.path("expires_in").asLong(300);
        return new AccessToken(answer.get("access_token").asText(), now.plusSeconds(expiresIn));
    }

    private synchronized URI tokenEndpoint() throws IOException, InterruptedException {
        if (tokenEndpoint == null) {
            URI discovery = URI.create(fhirBase.toString().replaceAll("/+$", "") + "/.well-known/smart-configuration");
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(discovery)
                            .timeout(timeout)
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new SmartAuthenticationException(
                        "SMART discovery at " + discovery + " answered " + response.statusCode());
            }
            SmartConfiguration configuration = JSON.readValue(response.body(), SmartConfiguration.class);
            if (configuration.tokenEndpoint() == null || !configuration.supportsBackendServices(key.algorithm())) {
                throw new SmartAuthenticationException("The EHR at " + fhirBase
                        + " does not offer SMART Backend Services (client_credentials, private_key_jwt, "
                        + key.algorithm() + ")");
            }
            tokenEndpoint = configuration.tokenEndpoint();
        }
        return tokenEndpoint;
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }

    private record AccessToken(String value, Instant expiresAt) {}
}
