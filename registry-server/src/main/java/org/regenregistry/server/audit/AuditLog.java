package org.regenregistry.server.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.regenregistry.server.system.RegistrySchema;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit table: appends records (in the caller's transaction when there is one, so a write and its record commit
 * together; otherwise in one of their own) and reads them back, by chain position or by query. Nothing here updates or
 * deletes a record; only {@link AuditChain} sets the chain position and link of a record that has none.
 */
@Component
@DependsOn(RegistrySchema.BEAN)
class AuditLog {

    static final String EVENTS = "RR_AUDIT_EVENT";
    static final String COLUMNS = "EVENT_ID, RECORDED, REQUEST_ID, KIND, SUBTYPE, ACTION, OUTCOME, OUTCOME_TEXT,"
            + " HTTP_STATUS, CLIENT_ID, ROLE_ID, SITE_ID, SOURCE_ADDRESS, METHOD, PATH, QUERY, ENTITIES";

    private static final String INSERT =
            "INSERT INTO " + EVENTS + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ENTITY = "INSERT INTO RR_AUDIT_ENTITY (EVENT_ID, REFERENCE) VALUES (?, ?)";

    /** The longest reference the entity index holds; a longer one stays in the record's entities only. */
    private static final int REFERENCE = 200;

    /** The time spent writing audit records, as {@code registry_audit_seconds{step}} on /actuator/prometheus. */
    static final String TIMER = "registry.audit";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    AuditLog(DataSource dataSource, PlatformTransactionManager transactionManager, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.streaming = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.meters = meters;
        streaming.setFetchSize(1000);
    }

    /**
     * The timer of one step of audit writing: {@code request} (a request's record, committed before it answers) or
     * {@code write} (a FHIR write's record, inside its transaction).
     */
    Timer timer(String step) {
        return Timer.builder(TIMER)
                .description("Time spent writing audit records")
                .tag("step", step)
                .register(meters);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * Appends {@code entry} and the index of the records it names, in one transaction: the caller's, when it writes
     * inside one, otherwise its own (one commit per record).
     */
    void append(AuditEntry entry) {
        transactions.executeWithoutResult(status -> insert(entry));
    }

    private void insert(AuditEntry entry) {
        jdbc.update(INSERT, statement -> {
            statement.setString(1, entry.id());
            statement.setObject(2, OffsetDateTime.ofInstant(entry.recorded(), ZoneOffset.UTC));
            statement.setString(3, entry.requestId());
            statement.setString(4, entry.kind());
            statement.setString(5, entry.subtype());
            statement.setString(6, entry.action());
            statement.setString(7, entry.outcome());
            statement.setString(8, entry.outcomeText());
            if (entry.httpStatus() == null) {
                statement.setNull(9, Types.INTEGER);
            } else {
                statement.setInt(9, entry.httpStatus());
            }
            statement.setString(10, entry.client());
            statement.setString(11, entry.role());
            statement.setString(12, entry.site());
            statement.setString(13, entry.sourceAddress());
            statement.setString(14, entry.method());
            statement.setString(15, entry.path());
            statement.setString(16, entry.query());
            statement.setString(17, entry.entities().isEmpty() ? null : String.join("\n", entry.entities()));
        });
        Set<String> references = new LinkedHashSet<>();
        for (String entity : entry.entities()) {
            int history = entity.indexOf("/_history/");
            String reference = history < 0 ? entity : entity.substring(0, history);
            if (reference.length() <= REFERENCE) {
                references.add(reference);
            }
        }
        if (!references.isEmpty()) {
            List<Object[]> rows = new ArrayList<>();
            references.forEach(reference -> rows.add(new Object[] {entry.id(), reference}));
            jdbc.batchUpdate(INSERT_ENTITY, rows);
        }
    }

    /**
     * Streams the records of the chain up to position {@code head}, in chain order, with their position and link;
     * within a transaction, so that PostgreSQL fetches them in batches rather than all at once.
     */
    void chain(long head, Consumer<Linked> each) {
        streaming.query(
                "SELECT " + COLUMNS + ", CHAIN_POS, LINK FROM " + EVENTS
                        + " WHERE CHAIN_POS IS NOT NULL AND CHAIN_POS <= ? ORDER BY CHAIN_POS",
                row -> {
                    each.accept(new Linked(entry(row), row.getLong(18), row.getString(19)));
                },
                head);
    }

    /** A record of the chain with its position and stored link. */
    record Linked(AuditEntry entry, long position, String link) {}

    static AuditEntry entry(ResultSet row) throws SQLException {
        String entities = row.getString(17);
        Integer status = row.getObject(9) == null ? null : row.getInt(9);
        return new AuditEntry(
                row.getString(1),
                row.getObject(2, OffsetDateTime.class).toInstant(),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                status,
                row.getString(10),
                row.getString(11),
                row.getString(12),
                row.getString(13),
                row.getString(14),
                row.getString(15),
                row.getString(16),
                entities == null || entities.isEmpty() ? List.of() : Arrays.asList(entities.split("\n")));
    }

    /** When the oldest record still without a link was written, if any. */
    Instant oldestUnlinked() {
        OffsetDateTime oldest = jdbc.queryForObject(
                "SELECT MIN(RECORDED) FROM " + EVENTS + " WHERE CHAIN_POS IS NULL", OffsetDateTime.class);
        return oldest == null ? null : oldest.toInstant();
    }
}
