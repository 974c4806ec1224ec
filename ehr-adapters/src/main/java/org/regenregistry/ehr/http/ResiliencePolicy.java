package org.regenregistry.ehr.http;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Objects;

/**
 * How hard a {@link ResilientTransport} tries one EHR site before it gives up, and how long it then leaves the site
 * alone.
 *
 * @param requestTimeout how long one attempt may take, from sending the request to the response headers
 * @param maxAttempts attempts per request, the first included (1 = no retry)
 * @param backoff the wait before each retry, by attempt (1 for the wait after the first failure), in milliseconds:
 *     the registry's one back-off policy, exponential with jitter so that the requests of many syncs that failed
 *     together do not come back together
 * @param maxDelay the longest the transport waits when the EHR asks for a wait with {@code Retry-After}
 * @param failureThreshold consecutive failed requests (each after its retries) that open the site's circuit
 * @param openDuration how long an open circuit refuses requests before it lets one trial request through
 */
public record ResiliencePolicy(
        Duration requestTimeout,
        int maxAttempts,
        IntervalFunction backoff,
        Duration maxDelay,
        int failureThreshold,
        Duration openDuration) {

    public ResiliencePolicy {
        requirePositive(requestTimeout, "requestTimeout");
        Objects.requireNonNull(backoff, "backoff");
        requirePositive(maxDelay, "maxDelay");
        requirePositive(openDuration, "openDuration");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, not " + failureThreshold);
        }
    }

    /**
     * Production values around the given back-off: 30 s per attempt, 4 attempts, a {@code Retry-After} of up to 60 s
     * honoured; 5 failed requests in a row open the circuit for 2 minutes.
     */
    public static ResiliencePolicy defaults(IntervalFunction backoff) {
        return new ResiliencePolicy(
                Duration.ofSeconds(30), 4, backoff, Duration.ofSeconds(60), 5, Duration.ofMinutes(2));
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, not " + retry);
        }
        return Duration.ofMillis(backoff.apply(retry));
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
