package org.regenregistry.ehr.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResilientTransportTest {

    private static final URI BASE = URI.create("https://ehr.example.org/api/FHIR/R4");
    private static final ResiliencePolicy POLICY = new ResiliencePolicy(
            Duration.ofSeconds(7),
            3,
            IntervalFunction.ofExponentialRandomBackoff(Duration.ofSeconds(1), 2, 0.5, Duration.ofSeconds(20)),
            Duration.ofSeconds(20),
            2,
            Duration.ofMinutes(1));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final RecordingSleeper sleeper = new RecordingSleeper(clock);
    private final ScriptedTransport ehr = new ScriptedTransport(BASE);
    private final ResilientTransport transport = new ResilientTransport(ehr, POLICY, clock, sleeper);

    @Test
    void aBusyAnswerIsRetriedAfterABackoffAndEveryAttemptHasTheTimeout() throws Exception {
        ehr.answer(503, "").answer(502, "").answer(200, "ok");

        HttpResponse<String> response = get();

        assertThat(response.body()).isEqualTo("ok");
        assertThat(ehr.requests()).hasSize(3).allSatisfy(request -> assertThat(request.timeout())
                .contains(Duration.ofSeconds(7)));
        assertThat(sleeper.waits()).hasSize(2);
        assertThat(sleeper.waits().get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
        assertThat(sleeper.waits().get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    @Test
    void retryAfterSetsTheWait() throws Exception {
        ehr.answer(429, "", "Retry-After", "5")
                .answer(503, "", "Retry-After", "Tue, 24 Nov 2026 10:00:17 GMT")
                .answer(200, "ok");

        get();

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(12));
    }

    @Test
    void aRetryAfterBeyondTheMaximumDelayIsAnsweredAtOnce() throws Exception {
        ehr.answer(503, "maintenance", "Retry-After", "3600");

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(ehr.requests()).hasSize(1);
    }

    @Test
    void theLastBusyAnswerIsReturnedWhenTheAttemptsAreUsedUp() throws Exception {
        ehr.answer(504, "").answer(504, "").answer(504, "last");

        HttpResponse<String> response = get();

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo("last");
        assertThat(ehr.requests()).hasSize(3);
    }

    @Test
    void connectionFailuresAreRetriedThenReportedWithTheNumberOfAttempts() {
        ehr.fail(new ConnectException("refused"))
                .fail(new HttpTimeoutException("timed out"))
                .fail(new HttpTimeoutException("timed out again"));

        assertThatThrownBy(this::get)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("GET " + BASE + "/Patient failed after 3 attempts")
                .hasRootCauseMessage("timed out again");
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    void aPostIsRetriedOnlyWhenTheEhrSaysItWasNotProcessed() throws Exception {
        ehr.answer(503, "").answer(504, "gateway timeout");
        HttpRequest.Builder post = request().POST(HttpRequest.BodyPublishers.ofString("{}"));

        assertThat(transport.send(post, HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("gateway timeout");

        ehr.fail(new HttpTimeoutException("timed out"));
        assertThatThrownBy(() -> transport.send(post, HttpResponse.BodyHandlers.ofString()))
                .hasMessageContaining("POST " + BASE + "/Patient failed after 1 attempt");
        assertThat(ehr.requests()).hasSize(3);
    }

    @Test
    void clientErrorsAreNeitherRetriedNorFailuresOfTheSite() throws Exception {
        for (int i = 0; i < 3; i++) {
            ehr.answer(404, "");
            assertThat(get().statusCode()).isEqualTo(404);
        }

        assertThat(ehr.requests()).hasSize(3);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void requestsFailedAfterTheirRetriesOpenTheCircuitAndLaterOnesAreNotSent() throws Exception {
        ehr.answer(503, "").answer(503, "").answer(503, "");
        ehr.fail(new ConnectException("refused"))
                .fail(new ConnectException("refused"))
                .fail(new ConnectException("refused"));
        get();
        assertThatThrownBy(this::get).hasMessageContaining("failed after 3 attempts");

        assertThatThrownBy(this::get)
                .isInstanceOf(SiteUnavailableException.class)
                .hasMessageContaining(BASE.toString());
        assertThat(ehr.requests()).hasSize(6);

        clock.advance(Duration.ofMinutes(1));
        ehr.answer(200, "back");
        assertThat(get().body()).isEqualTo("back");
        ehr.answer(200, "again");
        assertThat(get().body()).isEqualTo("again");
    }

    @Test
    void anInterruptedTrialLeavesTheCircuitReadyForAnotherTrial() throws Exception {
        ResilientTransport interrupted = new ResilientTransport(ehr, POLICY, clock, duration -> {
            throw new InterruptedException();
        });
        ehr.answer(503, "", "Retry-After", "3600").answer(503, "", "Retry-After", "3600");
        interrupted.send(request(), HttpResponse.BodyHandlers.ofString());
        interrupted.send(request(), HttpResponse.BodyHandlers.ofString());
        clock.advance(Duration.ofMinutes(1));
        ehr.answer(503, "", "Retry-After", "1");
        assertThatThrownBy(() -> interrupted.send(request(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(InterruptedException.class);

        ehr.answer(200, "trial");

        assertThat(interrupted
                        .send(request(), HttpResponse.BodyHandlers.ofString())
                        .body())
                .isEqualTo("trial");
    }

    private HttpResponse<String> get() throws Exception {
        return transport.send(request(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create(BASE + "/Patient")).GET();
    }
}
