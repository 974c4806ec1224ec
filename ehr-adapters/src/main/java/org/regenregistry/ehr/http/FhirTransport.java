package org.regenregistry.ehr.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * How the adapters reach one EHR site's FHIR endpoint: requests go out authenticated (SMART Backend Services) and,
 * through a resilient transport, with timeouts, retries and a circuit breaker. Polling and Bulk Data build on this
 * one method, so they never deal with tokens or retries themselves.
 */
public interface FhirTransport {

    /** The site's FHIR base URL; every URL the adapters follow must lie under it. */
    URI fhirBase();

    /** Sends one request and answers the EHR's response, whatever its status. */
    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException;
}
