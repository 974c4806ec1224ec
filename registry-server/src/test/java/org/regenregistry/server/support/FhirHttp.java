package org.regenregistry.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BiFunction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Talks to the registry over real HTTP: raw requests where the status line and headers are what is tested, and
 * HAPI's generic client where the resources are. Every request carries a real access token: by default the one
 * {@link TestTokens#defaultFor} chooses, or that of one client ({@link #as}); {@link #anonymous} sends none.
 */
public final class FhirHttp {

    public static final String FHIR_JSON = "application/fhir+json";

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final int port;
    private final String baseUrl;
    private final BiFunction<String, String, String> tokens;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public FhirHttp(int port) {
        this(port, (method, path) -> TestTokens.defaultFor(port, method, path));
    }

    private FhirHttp(int port, BiFunction<String, String, String> tokens) {
        this.port = port;
        this.baseUrl = "http://localhost:" + port + "/fhir";
        this.tokens = tokens;
    }

    /** The same registry, every request with a token of {@code client} ({@link SecurityClientsInitializer}). */
    public FhirHttp as(String client) {
        return new FhirHttp(port, (method, path) -> TestTokens.of(port, client));
    }

    /** The same registry, every request with {@code token}. */
    public FhirHttp bearer(String token) {
        return new FhirHttp(port, (method, path) -> token);
    }

    /** The same registry, without a token. */
    public FhirHttp anonymous() {
        return new FhirHttp(port, (method, path) -> null);
    }

    /** The token a request with {@code method} to {@code path} carries, or {@code null} for none. */
    private String token(String method, String path) {
        return tokens.apply(method, path);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public IGenericClient client() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
        IGenericClient client = FHIR.newRestfulGenericClient(baseUrl);
        client.registerInterceptor(new IClientInterceptor() {
            @Override
            public void interceptRequest(IHttpRequest request) {
                String token = token(request.getHttpVerbName(), request.getUri());
                if (token != null) {
                    request.addHeader("Authorization", "Bearer " + token);
                }
            }

            @Override
            public void interceptResponse(IHttpResponse response) {}
        });
        return client;
    }

    /** GET; {@code headers} are name-value pairs, and an {@code Accept} among them replaces the FHIR JSON default. */
    public HttpResponse<String> get(String path, String... headers) {
        return send(request("GET", path, headers).GET().build());
    }

    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        return send(request("POST", path, headers)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> put(String path, String contentType, String body, String... headers) {
        return send(request("PUT", path, headers)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> patch(String path, String contentType, String body, String... headers) {
        return send(request("PATCH", path, headers)
                .header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> delete(String path, String... headers) {
        return send(request("DELETE", path, headers).DELETE().build());
    }

    public String json(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    public <T extends IBaseResource> T parse(Class<T> type, String body) {
        return FHIR.newJsonParser().parseResource(type, body);
    }

    /** The diagnostics of the first issue of an OperationOutcome body. */
    public String diagnostics(HttpResponse<String> response) {
        OperationOutcome outcome = parse(OperationOutcome.class, response.body());
        return outcome.getIssueFirstRep().getDiagnostics();
    }

    /** {@code headers} are name-value pairs; an {@code Authorization} among them replaces the token. */
    private HttpRequest.Builder request(String method, String path, String... headers) {
        URI uri = URI.create(path.startsWith("http") ? path : baseUrl + "/" + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120));
        boolean accept = false;
        boolean authorization = false;
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
            accept |= headers[i].equalsIgnoreCase("Accept");
            authorization |= headers[i].equalsIgnoreCase("Authorization");
        }
        String token = authorization ? null : token(method, uri.getPath());
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return accept ? builder : builder.header("Accept", FHIR_JSON);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
