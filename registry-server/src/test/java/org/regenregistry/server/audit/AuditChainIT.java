package org.regenregistry.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Tampering with the audit table straight in the database, past every API, is found and named: a record altered,
 * removed or put in, and a chain recomputed after a change (caught by its signed checkpoint). Each case is undone
 * before the next, and verification finds the trail intact again.
 */
class AuditChainIT extends RegistryClientSupport {

    @Autowired
    private AuditChain chain;

    @Autowired
    private AuditVerification verification;

    @Autowired
    private DataSource dataSource;

    private JdbcTemplate jdbc;
    private String target;
    private long position;

    @BeforeEach
    void aLinkedAndSignedTrail() {
        jdbc = new JdbcTemplate(dataSource);
        IdType patient = create(new Patient().setActive(true));
        for (int i = 0; i < 3; i++) {
            fhir.as(SecurityClientsInitializer.REGULATOR)
                    .get(patient.toUnqualifiedVersionless().getValue());
        }
        chain.stop();
        chain.sealNow();
        chain.checkpoint();
        Map<String, Object> created = jdbc.queryForMap(
                "SELECT EVENT_ID, CHAIN_POS FROM RR_AUDIT_EVENT WHERE KIND = 'storage' AND ENTITIES = ?",
                patient.toUnqualifiedVersionless().getValue() + "/_history/1");
        target = (String) created.get("EVENT_ID");
        position = ((Number) created.get("CHAIN_POS")).longValue();
        assertThat(verification.verify().intact()).isTrue();
    }

    @AfterEach
    void sealingGoesOn() {
        chain.start();
    }

    @Test
    void anAlteredRecordIsNamed() {
        String client =
                jdbc.queryForObject("SELECT CLIENT_ID FROM RR_AUDIT_EVENT WHERE EVENT_ID = ?", String.class, target);
        jdbc.update("UPDATE RR_AUDIT_EVENT SET CLIENT_ID = 'someone-else' WHERE EVENT_ID = ?", target);

        AuditVerification.Report report = verification.verify();

        assertThat(report.intact()).isFalse();
        assertThat(report.problem().kind()).isEqualTo("altered");
        assertThat(report.problem().eventId()).isEqualTo(target);
        assertThat(report.problem().position()).isEqualTo(position);
        assertThat(report.verified()).isEqualTo(position - 1);
        jdbc.update("UPDATE RR_AUDIT_EVENT SET CLIENT_ID = ? WHERE EVENT_ID = ?", client, target);
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aRemovedRecordIsNamedByItsPosition() {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM RR_AUDIT_EVENT WHERE EVENT_ID = ?", target);
        jdbc.update("DELETE FROM RR_AUDIT_EVENT WHERE EVENT_ID = ?", target);

        AuditVerification.Report report = verification.verify();

        assertThat(report.problem().kind()).isEqualTo("removed");
        assertThat(report.problem().position()).isEqualTo(position);
        reinsert(row);
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void anInsertedRecordIsNamed() {
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM RR_AUDIT_EVENT WHERE EVENT_ID = ?", target);
        shiftFrom(position, 1);
        row.put("EVENT_ID", "forged-" + target.substring(7));
        row.put("CLIENT_ID", "someone-else");
        reinsert(row);

        AuditVerification.Report report = verification.verify();

        assertThat(report.problem().kind()).isEqualTo("inserted");
        assertThat(report.problem().eventId()).isEqualTo(row.get("EVENT_ID"));
        jdbc.update("DELETE FROM RR_AUDIT_EVENT WHERE EVENT_ID = ?", row.get("EVENT_ID"));
        shiftFrom(position + 1, -1);
        assertThat(verification.verify().intact()).isTrue();
    }

    @Test
    void aChainRecomputedAfterAChangeNoLongerMatchesItsSignedCheckpoint() {
        List<Map<String, Object>> original = jdbc.queryForList(
                "SELECT EVENT_ID, CLIENT_ID, LINK FROM RR_AUDIT_EVENT WHERE CHAIN_POS >= ? ORDER BY CHAIN_POS",
                position);
        jdbc.update("UPDATE RR_AUDIT_EVENT SET CLIENT_ID = 'someone-else' WHERE EVENT_ID = ?", target);
        String previous =
                jdbc.queryForObject("SELECT LINK FROM RR_AUDIT_EVENT WHERE CHAIN_POS = ?", String.class, position - 1);
        for (Map<String, Object> row : original) {
            AuditEntry entry = jdbc.queryForObject(
                    "SELECT " + AuditLog.COLUMNS + " FROM RR_AUDIT_EVENT WHERE EVENT_ID = ?",
                    (result, index) -> AuditLog.entry(result),
                    row.get("EVENT_ID"));
            previous = entry.link(previous);
            jdbc.update("UPDATE RR_AUDIT_EVENT SET LINK = ? WHERE EVENT_ID = ?", previous, row.get("EVENT_ID"));
        }

        AuditVerification.Report report = verification.verify();

        assertThat(report.problem().kind()).isEqualTo("rewritten");
        assertThat(report.problem().position()).isGreaterThanOrEqualTo(position);
        for (Map<String, Object> row : original) {
            jdbc.update(
                    "UPDATE RR_AUDIT_EVENT SET CLIENT_ID = ?, LINK = ? WHERE EVENT_ID = ?",
                    row.get("CLIENT_ID"),
                    row.get("LINK"),
                    row.get("EVENT_ID"));
        }
        assertThat(verification.verify().intact()).isTrue();
    }

    /** Moves every record from {@code from} on by {@code by} positions (through negatives: positions are unique). */
    private void shiftFrom(long from, long by) {
        jdbc.update("UPDATE RR_AUDIT_EVENT SET CHAIN_POS = -(CHAIN_POS + ?) WHERE CHAIN_POS >= ?", by, from);
        jdbc.update("UPDATE RR_AUDIT_EVENT SET CHAIN_POS = -CHAIN_POS WHERE CHAIN_POS < 0");
    }

    private void reinsert(Map<String, Object> row) {
        String columns = String.join(", ", row.keySet());
        String marks =
                String.join(", ", row.keySet().stream().map(column -> "?").toList());
        jdbc.update(
                "INSERT INTO RR_AUDIT_EVENT (" + columns + ") VALUES (" + marks + ")",
                row.values().toArray());
    }
}
