package org.regenregistry.ehr.http;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.BaseStream;

/**
 * A {@link FhirTransport} that survives a flaky EHR and spares an overloaded one. It wraps the authenticating
 * transport of one site (normally the SMART Backend Services client) and, per request:
 *
 * <ul>
 *   <li>gives every attempt the policy's request timeout (unless the wrapped transport sets its own);
 *   <li>retries on 429, 502, 503 and 504 and on an {@link IOException} (connection refused or reset, timeout), at
 *       most {@link ResiliencePolicy#maxAttempts()} attempts in all, waiting the policy's back-off or
 *       what the EHR asks for in {@code Retry-After}; a request that is not idempotent ({@code POST},
 *       {@code PATCH}) is retried only on 429 and 503, which say that it was not processed, so that it is never
 *       carried out twice
 *       (<a href="https://www.rfc-editor.org/rfc/rfc6585#section-4">RFC 6585, 429</a>,
 *       <a href="https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3">RFC 9110, Retry-After</a>);
 *   <li>when the attempts are used up, returns the last response (a 429 or 5xx the caller reports like any error
 *       answer) or throws an {@link IOException} that says how many attempts failed, with the last failure as
 *       cause. When {@code Retry-After} asks for longer than {@link ResiliencePolicy#maxDelay()}, it returns that
 *       response at once rather than retry before the EHR is ready.
 * </ul>
 *
 * <p>A circuit breaker per site counts the requests that failed after their retries (an exception, a 429 or any
 * 5xx); after {@link ResiliencePolicy#failureThreshold()} in a row it refuses requests for
 * {@link ResiliencePolicy#openDuration()} with a {@link SiteUnavailableException}, without sending anything, then
 * lets one trial request decide whether to close again. Other answers, 4xx included, show the site is up. Create one
 * transport per site and share it between the threads that sync the site: it is thread-safe.
 */
public final class ResilientTransport implements FhirTransport {

    private static final System.Logger LOG = System.getLogger(ResilientTransport.class.getName());
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final FhirTransport delegate;
    private final ResiliencePolicy policy;
    private final Clock clock;
    private final Sleeper sleeper;
    private final CircuitBreaker circuit;

    public ResilientTransport(FhirTransport delegate, ResiliencePolicy policy) {
        this(delegate, policy, Clock.systemUTC(), Sleeper.system());
    }

    public ResilientTransport(FhirTransport delegate, ResiliencePolicy policy, Clock clock, Sleeper sleeper) {
        this.delegate = delegate;
        this.policy = policy;
        this.clock = clock;
        this.sleeper = sleeper;
        this.circuit = new CircuitBreaker(delegate.fhirBase(), policy.failureThreshold(), policy.openDuration(), clock);
    }

    @Override
    public URI fhirBase() {
        return delegate.fhirBase();
    }

    /**
     * Sends the request with retries, unless the site's circuit is open.
     *
     * @throws SiteUnavailableException the circuit is open; nothing was sent
     * @throws IOException every attempt failed without a response
     */
    @Override
    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        circuit.permit();
        boolean judged = false;
        try {
            HttpResponse<T> response = sendWithRetries(request, body);
            judged = true;
            if (isSiteFailure(response.statusCode())) {
                recordFailure();
            } else {
                circuit.succeeded();
            }
            return response;
        } catch (IOException e) {
            judged = true;
            recordFailure();
            throw e;
        } finally {
            if (!judged) {
                circuit.abandoned();
            }
        }
    }

    private <T> HttpResponse<T> sendWithRetries(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        HttpRequest first = request.copy().build();
        URI uri = first.uri();
        boolean idempotent = IDEMPOTENT.contains(first.method());
        for (int attempt = 1; ; attempt++) {
            HttpResponse<T> response;
            try {
                response = delegate.send(request.copy().timeout(policy.requestTimeout()), body);
            } catch (IOException e) {
                if (!idempotent || attempt >= policy.maxAttempts()) {
                    throw new IOException(
                            first.method() + " " + uri + " failed after " + attempt
                                    + (attempt == 1 ? " attempt: " : " attempts: ") + e,
                            e);
                }
                pause(uri, attempt, backoff(attempt), e.toString());
                continue;
            }
            if (!isRetryable(response.statusCode(), idempotent) || attempt >= policy.maxAttempts()) {
                return response;
            }
            Optional<Duration> asked = response.headers()
                    .firstValue("Retry-After")
                    .flatMap(value -> RetryAfter.parse(value, clock.instant()));
            if (asked.isPresent() && asked.get().compareTo(policy.maxDelay()) > 0) {
                return response;
            }
            Duration wait = asked.isPresent() ? asked.get() : backoff(attempt);
            discard(response);
            pause(uri, attempt, wait, "status " + response.statusCode());
        }
    }

    private void pause(URI uri, int attempt, Duration wait, String cause) throws InterruptedException {
        LOG.log(
                Level.DEBUG,
                "Attempt {0} of {1} to {2} failed ({3}); retrying in {4}",
                attempt,
                policy.maxAttempts(),
                uri,
                cause,
                wait);
        sleeper.sleep(wait);
    }

    private Duration backoff(int attempt) {
        return policy.backoff(attempt);
    }

    private void recordFailure() {
        if (circuit.failed()) {
            LOG.log(
                    Level.WARNING,
                    "The EHR at {0} keeps failing; its circuit is open for {1}",
                    fhirBase(),
                    policy.openDuration());
        }
    }

    /** 429 and 503 say the request was not processed; after a gateway error it may have been. */
    private static boolean isRetryable(int status, boolean idempotent) {
        return status == 429 || status == 503 || (idempotent && (status == 502 || status == 504));
    }

    private static boolean isSiteFailure(int status) {
        return status == 429 || status >= 500;
    }

    /** Releases the connection of a response that will not be read (a streamed body must be closed). */
    private static void discard(HttpResponse<?> response) throws IOException {
        Object content = response.body();
        if (content instanceof Closeable closeable) {
            closeable.close();
        } else if (content instanceof BaseStream<?, ?> stream) {
            stream.close();
        }
    }
}
