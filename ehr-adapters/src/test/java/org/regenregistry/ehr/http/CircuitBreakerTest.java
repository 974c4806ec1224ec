package org.regenregistry.ehr.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private static final URI BASE = URI.create("https://ehr.example.org/api/FHIR/R4");
    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final CircuitBreaker circuit = new CircuitBreaker(BASE, 3, Duration.ofSeconds(30), clock);

    @Test
    void failuresBelowTheThresholdKeepTheCircuitClosed() throws Exception {
        fail(2);

        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThatCode(circuit::permit).doesNotThrowAnyException();
    }

    @Test
    void aSuccessResetsTheCountOfFailuresInARow() throws Exception {
        fail(2);
        circuit.permit();
        circuit.succeeded();
        fail(2);

        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void theThresholdOpensTheCircuitWhichRefusesNamingTheSiteAndTheRetryTime() throws Exception {
        fail(3);

        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(circuit::permit)
                .isInstanceOf(SiteUnavailableException.class)
                .hasMessageContaining(BASE.toString())
                .hasMessageContaining("2026-11-24T10:00:30Z")
                .satisfies(e ->
                        assertThat(((SiteUnavailableException) e).retryAt()).isEqualTo(START.plusSeconds(30)));
    }

    @Test
    void afterTheOpenDurationOneTrialPassesAndTheOthersWait() throws Exception {
        fail(3);
        clock.advance(Duration.ofSeconds(30));

        circuit.permit();

        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThatThrownBy(circuit::permit)
                .isInstanceOf(SiteUnavailableException.class)
                .hasMessageContaining("trial request");
    }

    @Test
    void aSuccessfulTrialClosesTheCircuit() throws Exception {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        circuit.permit();

        circuit.succeeded();

        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThatCode(circuit::permit).doesNotThrowAnyException();
    }

    @Test
    void aFailedTrialOpensTheCircuitForAnotherOpenDuration() throws Exception {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        circuit.permit();

        assertThat(circuit.failed()).isTrue();

        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(circuit::permit)
                .isInstanceOfSatisfying(SiteUnavailableException.class, e -> assertThat(e.retryAt())
                        .isEqualTo(START.plusSeconds(60)));
    }

    @Test
    void anAbandonedTrialLetsTheNextRequestTry() throws Exception {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        circuit.permit();

        circuit.abandoned();

        assertThatCode(circuit::permit).doesNotThrowAnyException();
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void ofManyThreadsAskingAtOnceOnlyOneGetsTheTrial() throws Exception {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> permits = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                permits.add(pool.submit(() -> {
                    start.await();
                    try {
                        circuit.permit();
                        return true;
                    } catch (SiteUnavailableException refused) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> permit : permits) {
                granted += permit.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(granted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private void fail(int times) throws SiteUnavailableException {
        for (int i = 0; i < times; i++) {
            circuit.permit();
            circuit.failed();
        }
    }
}
