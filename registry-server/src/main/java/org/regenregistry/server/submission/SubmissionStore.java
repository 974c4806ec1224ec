package org.regenregistry.server.submission;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.regenregistry.server.system.RegistrySchema;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The {@code RR_SUBMISSION} tables: a row per submission and per record it wrote. Rows are only added; what changes
 * is a submission's review state and, once, which submission superseded it.
 */
@Component
@DependsOn(RegistrySchema.BEAN)
class SubmissionStore {

    private static final String COLUMNS = "SUBMISSION_ID, IDENTIFIER_SYSTEM, IDENTIFIER_VALUE, TRIAL_ID, SITE_ID,"
            + " PERIOD_START, PERIOD_END, RECEIVED, CLIENT_ID, SIGNER, SIGNED_AT, KEY_ID, ALGORITHM, SIGNER_KEY, DIGEST,"
            + " BINARY_ID, PROVENANCE_ID, TASK_ID, STATE, SUPERSEDES, SUPERSEDED_BY, REASON, RECORD_COUNT";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM RR_SUBMISSION";
    private static final RowMapper<Submission> SUBMISSION = SubmissionStore::submission;
    private static final RowMapper<Submission.Written> WRITTEN = (row, index) -> new Submission.Written(
            row.getInt("POSITION"),
            row.getString("RESOURCE_TYPE"),
            row.getString("RESOURCE_ID"),
            row.getLong("VERSION_ID"),
            row.getString("IDENTIFIER"),
            row.getString("DIGEST"),
            row.getString("STORED_DIGEST"));

    /** What a list of submissions may be narrowed by; {@code null} is any. */
    record Filter(String trial, String site, LocalDate periodStart, String state) {}

    private final JdbcTemplate jdbc;

    SubmissionStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Adds a submission and its records, in the caller's transaction. */
    void insert(Submission submission, List<Submission.Written> records) {
        jdbc.update(
                "INSERT INTO RR_SUBMISSION (" + COLUMNS + ", CURRENT_KEY)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                submission.id(),
                submission.identifierSystem(),
                submission.identifierValue(),
                submission.trial(),
                submission.site(),
                submission.periodStart(),
                submission.periodEnd(),
                Timestamp.from(submission.received()),
                submission.client(),
                submission.signer(),
                submission.signedAt(),
                submission.keyId(),
                submission.algorithm(),
                submission.signerKey(),
                submission.digest(),
                submission.binary(),
                submission.provenance(),
                submission.task(),
                submission.state(),
                submission.supersedes(),
                submission.supersededBy(),
                submission.reason(),
                submission.recordCount(),
                submission.currentKey());
        jdbc.batchUpdate(
                "INSERT INTO RR_SUBMISSION_RECORD (SUBMISSION_ID, POSITION, RESOURCE_TYPE, RESOURCE_ID, VERSION_ID,"
                        + " IDENTIFIER, DIGEST, STORED_DIGEST) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                records,
                500,
                (statement, record) -> {
                    statement.setString(1, submission.id());
                    statement.setInt(2, record.position());
                    statement.setString(3, record.type());
                    statement.setString(4, record.id());
                    statement.setLong(5, record.version());
                    statement.setString(6, record.identifier());
                    statement.setString(7, record.digest());
                    statement.setString(8, record.stored());
                });
    }

    /**
     * Marks {@code previous} superseded by {@code next}, so that {@code next} can become the current submission of
     * the period; done before {@code next} is inserted, in the same transaction.
     */
    void supersede(Submission previous, String next, String state) {
        jdbc.update(
                "UPDATE RR_SUBMISSION SET CURRENT_KEY = NULL, SUPERSEDED_BY = ?, STATE = ? WHERE SUBMISSION_ID = ?",
                next,
                state,
                previous.id());
    }

    /** Moves a submission's review from {@code from} to {@code to}; false when it was no longer in {@code from}. */
    boolean moveState(String id, String from, String to) {
        return jdbc.update("UPDATE RR_SUBMISSION SET STATE = ? WHERE SUBMISSION_ID = ? AND STATE = ?", to, id, from)
                == 1;
    }

    Optional<Submission> byId(String id) {
        return jdbc.query(SELECT + " WHERE SUBMISSION_ID = ?", SUBMISSION, id).stream()
                .findFirst();
    }

    /** A site's submission with this identifier (identifiers are the site's own: two sites may use the same). */
    Optional<Submission> byIdentifier(String site, String system, String value) {
        return jdbc
                .query(
                        SELECT + " WHERE SITE_ID = ? AND IDENTIFIER_SYSTEM = ? AND IDENTIFIER_VALUE = ?",
                        SUBMISSION,
                        site,
                        system,
                        value)
                .stream()
                .findFirst();
    }

    /** The submission of the trial, site and period that is not superseded, if any. */
    Optional<Submission> current(String trial, String site, LocalDate start, LocalDate end) {
        return jdbc
                .query(SELECT + " WHERE CURRENT_KEY = ?", SUBMISSION, Submission.currentKey(trial, site, start, end))
                .stream()
                .findFirst();
    }

    /** The current submissions of a trial (those not superseded), for the schedule of what is due. */
    List<Submission> currentOfTrial(String trial) {
        return jdbc.query(SELECT + " WHERE TRIAL_ID = ? AND CURRENT_KEY IS NOT NULL", SUBMISSION, trial);
    }

    /** Submissions, newest first, narrowed by {@code filter}, at most {@code limit} from {@code offset}. */
    List<Submission> list(Filter filter, int offset, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
        List<Object> arguments = new ArrayList<>();
        condition(sql, arguments, "TRIAL_ID", filter.trial());
        condition(sql, arguments, "SITE_ID", filter.site());
        condition(sql, arguments, "PERIOD_START", filter.periodStart());
        condition(sql, arguments, "STATE", filter.state());
        sql.append(" ORDER BY RECEIVED DESC, SUBMISSION_ID OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        arguments.add(offset);
        arguments.add(limit);
        return jdbc.query(sql.toString(), SUBMISSION, arguments.toArray());
    }

    List<Submission.Written> records(String id) {
        return jdbc.query(
                "SELECT POSITION, RESOURCE_TYPE, RESOURCE_ID, VERSION_ID, IDENTIFIER, DIGEST, STORED_DIGEST"
                        + " FROM RR_SUBMISSION_RECORD"
                        + " WHERE SUBMISSION_ID = ? ORDER BY POSITION",
                WRITTEN,
                id);
    }

    /** The versions of a record after {@code version} that submissions wrote, with the submission that wrote each. */
    Map<Long, String> laterVersionsBySubmissions(String type, String id, long version) {
        Map<Long, String> versions = new HashMap<>();
        jdbc.query(
                "SELECT VERSION_ID, SUBMISSION_ID FROM RR_SUBMISSION_RECORD WHERE RESOURCE_TYPE = ? AND RESOURCE_ID = ?"
                        + " AND VERSION_ID > ?",
                row -> {
                    versions.put(row.getLong(1), row.getString(2));
                },
                type,
                id,
                version);
        return versions;
    }

    /** Whether the registry keeps this Binary, Provenance or Task as part of a submission. */
    boolean isSubmissionRecord(String type, String id) {
        String column =
                switch (type) {
                    case "Binary" -> "BINARY_ID";
                    case "Provenance" -> "PROVENANCE_ID";
                    case "Task" -> "TASK_ID";
                    default -> null;
                };
        return column != null
                && !jdbc.queryForList(
                                "SELECT SUBMISSION_ID FROM RR_SUBMISSION WHERE " + column + " = ?",
                                String.class,
                                type + "/" + id)
                        .isEmpty();
    }

    private static void condition(StringBuilder sql, List<Object> arguments, String column, Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            arguments.add(value);
        }
    }

    private static Submission submission(ResultSet row, int index) throws SQLException {
        return new Submission(
                row.getString("SUBMISSION_ID"),
                row.getString("IDENTIFIER_SYSTEM"),
                row.getString("IDENTIFIER_VALUE"),
                row.getString("TRIAL_ID"),
                row.getString("SITE_ID"),
                row.getObject("PERIOD_START", LocalDate.class),
                row.getObject("PERIOD_END", LocalDate.class),
                row.getTimestamp("RECEIVED").toInstant(),
                row.getString("CLIENT_ID"),
                row.getString("SIGNER"),
                row.getString("SIGNED_AT"),
                row.getString("KEY_ID"),
                row.getString("ALGORITHM"),
                row.getString("SIGNER_KEY"),
                row.getString("DIGEST"),
                row.getString("BINARY_ID"),
                row.getString("PROVENANCE_ID"),
                row.getString("TASK_ID"),
                row.getString("STATE"),
                row.getString("SUPERSEDES"),
                row.getString("SUPERSEDED_BY"),
                row.getString("REASON"),
                row.getInt("RECORD_COUNT"));
    }
}
