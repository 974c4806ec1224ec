package org.regenregistry.ehr.poll;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.core.IntervalFunction;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import org.regenregistry.ehr.http.MovableClock;
import org.regenregistry.ehr.http.RecordingSleeper;
import org.regenregistry.ehr.http.ResiliencePolicy;
import org.regenregistry.ehr.http.ResilientTransport;
import org.regenregistry.ehr.smart.BackendServicesClient;
import org.regenregistry.ehr.smart.SigningKey;

/**
 * One EHR site as the sync reaches it: SMART Backend Services client, resilient transport and poller, over a
 * WireMock EHR, with a clock the test moves and a sleeper that records the waits (and moves the clock).
 */
final class SiteUnderTest {

    /** Short waits and a small circuit threshold, so the scenarios stay short. */
    static final ResiliencePolicy POLICY = new ResiliencePolicy(
            Duration.ofSeconds(5),
            3,
            IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(100), 2, 0.5, Duration.ofSeconds(10)),
            Duration.ofSeconds(10),
            3,
            Duration.ofSeconds(30));

    static final PollSettings SETTINGS = new PollSettings(2, Duration.ofMinutes(2));

    private static PrivateKey key;

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:03:17Z"));
    final RecordingSleeper sleeper = new RecordingSleeper(clock);
    final InMemoryHighWaterMarks marks = new InMemoryHighWaterMarks();
    final IncrementalPoller poller;

    SiteUnderTest(String siteId, WireMockServer ehr, String basePath, String scope) throws GeneralSecurityException {
        BackendServicesClient client = new BackendServicesClient(
                HttpClient.newHttpClient(),
                URI.create(ehr.baseUrl() + basePath),
                "regen-registry",
                scope,
                SigningKey.of(key(), "registry-2026"),
                Duration.ofSeconds(5),
                clock);
        poller = new IncrementalPoller(siteId, new ResilientTransport(client, POLICY, clock, sleeper), marks, SETTINGS);
    }

    private static synchronized PrivateKey key() throws GeneralSecurityException {
        if (key == null) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            key = generator.generateKeyPair().getPrivate();
        }
        return key;
    }
}
