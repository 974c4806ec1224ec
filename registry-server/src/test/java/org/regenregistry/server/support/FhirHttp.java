package org.regenregistry.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Talks to the registry over real HTTP: raw requests where the status line and headers are what is tested, and
 * HAPI's generic client where the resources are.
 */
public final class FhirHttp {

    public static final String FHIR_JSON = "application/fhir+json";

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public FhirHttp(int port) {
        this.baseUrl = "http://localhost:" + port + "/fhir";
    }

    public String baseUrl() {
        return baseUrl;
    }

    public IGenericClient client() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FHIR.getRestfulClientFactory().setSocketTimeout(120_000);
        return FHIR.newRestfulGenericClient(baseUrl);
    }

    /** GET; {@code headers} are name-value pairs, and an {@code Accept} among them replaces the FHIR JSON default. */
    public HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET().build());
    }

    public HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> put(String path, String contentType, String body, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> patch(String path, String contentType, String body, String... headers) {
        return send(request(path, headers)
                .header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                .build());
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

    private HttpRequest.Builder request(String path, String... headers) {
        URI uri = URI.create(path.startsWith("http") ? path : baseUrl + "/" + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120));
        boolean accept = false;
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
            accept |= headers[i].equalsIgnoreCase("Accept");
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
