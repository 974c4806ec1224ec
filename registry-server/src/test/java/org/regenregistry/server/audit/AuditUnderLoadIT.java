package org.regenregistry.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.RegistryInstance;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fifty clients read a record from a second registry on the same database for a minute: exactly one audit record per
 * request. Then the same load, and the registry is killed ({@code SIGKILL}) in the middle of it: every request that
 * was answered has its record (those in flight when it died may have a record and no answer, never the other way
 * round). The chain, sealed by both registries, verifies intact.
 */
class AuditUnderLoadIT extends RegistryClientSupport {

    private static final int CLIENTS = 50;
    private static final long KILL_AFTER_ANSWERS = 1000;

    @Autowired
    private AuditChain chain;

    @Autowired
    private AuditVerification verification;

    @Autowired
    private DataSource dataSource;

    @RegisterExtension
    final RegistryInstance instance = new RegistryInstance("audited-instance");

    @Test
    void everyAnsweredRequestHasExactlyOneRecordEvenWhenTheRegistryIsKilled() throws Exception {
        FhirHttp other = instance.start();
        String steady = patientOn(other);
        String killed = patientOn(other);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        long answered = load(other, steady, Duration.ofMinutes(1), 0);

        assertThat(answered).isGreaterThan(CLIENTS);
        assertThat(records(jdbc, steady)).isEqualTo(answered);

        long answeredUntilKilled = load(other, killed, Duration.ofSeconds(30), KILL_AFTER_ANSWERS);

        assertThat(answeredUntilKilled).isGreaterThanOrEqualTo(KILL_AFTER_ANSWERS);
        assertThat(records(jdbc, killed)).isBetween(answeredUntilKilled, answeredUntilKilled + CLIENTS);
        chain.sealNow();
        AuditVerification.Report report = verification.verify();
        assertThat(report.intact()).as(report.toString()).isTrue();
    }

    private String patientOn(FhirHttp registry) {
        IdType id = (IdType) registry.as(SecurityClientsInitializer.SITE_STAFF)
                .client()
                .create()
                .resource(new Patient().setActive(true))
                .execute()
                .getId();
        return id.toUnqualifiedVersionless().getValue();
    }

    /**
     * {@value #CLIENTS} clients read {@code patient} until {@code duration} is over or the registry is gone; with
     * {@code killAfterAnswers} above zero, the registry is killed once that many requests were answered. The number
     * of requests answered, whatever their status.
     */
    private long load(FhirHttp registry, String patient, Duration duration, long killAfterAnswers) throws Exception {
        FhirHttp regulator = registry.as(SecurityClientsInitializer.REGULATOR);
        Instant end = Instant.now().plus(duration);
        AtomicLong answered = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            clients.submit(() -> {
                while (Instant.now().isBefore(end)) {
                    try {
                        regulator.get(patient);
                    } catch (RuntimeException gone) {
                        return;
                    }
                    answered.incrementAndGet();
                }
            });
        }
        if (killAfterAnswers > 0) {
            await().atMost(duration).until(() -> answered.get() >= killAfterAnswers);
            instance.kill();
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(duration.toSeconds() + 60, TimeUnit.SECONDS))
                .isTrue();
        return answered.get();
    }

    private static long records(JdbcTemplate jdbc, String patient) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM RR_AUDIT_EVENT WHERE PATH = ?", Long.class, "/fhir/" + patient);
    }
}
