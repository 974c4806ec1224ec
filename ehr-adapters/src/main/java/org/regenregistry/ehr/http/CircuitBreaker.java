package org.regenregistry.ehr.http;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The circuit of one EHR site. Closed: requests pass, failures in a row are counted. After {@code failureThreshold}
 * of them it opens: requests are refused until {@code openDuration} has passed. Then one trial request passes
 * (half-open) while the others are still refused; its success closes the circuit, its failure opens it again.
 * Thread-safe.
 */
final class CircuitBreaker {

    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final URI fhirBase;
    private final int failureThreshold;
    private final Duration openDuration;
    private final Clock clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openUntil = Instant.MIN;

    CircuitBreaker(URI fhirBase, int failureThreshold, Duration openDuration, Clock clock) {
        this.fhirBase = fhirBase;
        this.failureThreshold = failureThreshold;
        this.openDuration = openDuration;
        this.clock = clock;
    }

    /**
     * Asks to send one request; refused while the circuit is open or a trial request is under way. Every permitted
     * request must be followed by exactly one of {@link #succeeded()}, {@link #failed()} or {@link #abandoned()}.
     */
    synchronized void permit() throws SiteUnavailableException {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
            state = State.HALF_OPEN;
            return;
        }
        String reason = state == State.OPEN
                ? consecutiveFailures + " failed requests in a row"
                : "a trial request is under way after " + consecutiveFailures + " failed requests in a row";
        throw new SiteUnavailableException(fhirBase, openUntil, reason);
    }

    /** The site answered. */
    synchronized void succeeded() {
        state = State.CLOSED;
        consecutiveFailures = 0;
    }

    /** The site failed the request, after its retries; answers whether this opened the circuit. */
    synchronized boolean failed() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            boolean opened = state != State.OPEN;
            state = State.OPEN;
            openUntil = clock.instant().plus(openDuration);
            return opened;
        }
        return false;
    }

    /** The request ended without a verdict on the site (the caller was interrupted): a trial may be made again. */
    synchronized void abandoned() {
        if (state == State.HALF_OPEN) {
            state = State.OPEN;
        }
    }

    synchronized State state() {
        return state;
    }
}
