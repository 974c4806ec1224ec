package org.regenregistry.ehr.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard a {@link ResilientTransport} tries one EHR site before it gives up, and how long it then leaves the site
 * alone.
 *
 * @param requestTimeout how long one attempt may take, from sending the request to the response headers
 * @param maxAttempts attempts per request, the first included (1 = no retry)
 * @param baseDelay the wait before the first retry; it doubles with every further retry
 * @param maxDelay the longest the transport ever waits before a retry, also when the EHR asks for more with
 *     {@code Retry-After}
 * @param failureThreshold consecutive failed requests (each after its retries) that open the site's circuit
 * @param openDuration how long an open circuit refuses requests before it lets one trial request through
 */
public record ResiliencePolicy(
        Duration requestTimeout,
        int maxAttempts,
        Duration baseDelay,
        Duration maxDelay,
        int failureThreshold,
        Duration openDuration) {

    public ResiliencePolicy {
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(baseDelay, "baseDelay");
        requirePositive(maxDelay, "maxDelay");
        requirePositive(openDuration, "openDuration");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, not " + failureThreshold);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay (" + maxDelay + ") must not be shorter than baseDelay (" + baseDelay + ")");
        }
    }

    /**
     * Production values: 30 s per attempt, 4 attempts with waits of about 1, 2 and 4 s, never more than 60 s; 5
     * failed requests in a row open the circuit for 2 minutes.
     */
    public static ResiliencePolicy defaults() {
        return new ResiliencePolicy(
                Duration.ofSeconds(30), 4, Duration.ofSeconds(1), Duration.ofSeconds(60), 5, Duration.ofMinutes(2));
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry): {@code baseDelay * 2^(retry-1)}, capped at
     * {@code maxDelay}, of which a random part is dropped ("equal jitter"), so that the requests of many syncs that
     * failed together do not come back together. The result lies between half the capped delay and the capped delay.
     *
     * @param jitter a random number in [0, 1)
     */
    Duration backoff(int retry, double jitter) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, not " + retry);
        }
        long base = baseDelay.toMillis();
        long max = maxDelay.toMillis();
        int doublings = retry - 1;
        long exponential = doublings >= Long.numberOfLeadingZeros(base) - 1 ? max : Math.min(max, base << doublings);
        long half = exponential / 2;
        return Duration.ofMillis(half + (long) (jitter * (exponential - half)));
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
