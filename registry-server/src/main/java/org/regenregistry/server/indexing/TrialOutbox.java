package org.regenregistry.server.indexing;

import static org.regenregistry.server.system.Columns.fit;
import static org.regenregistry.server.system.Columns.utc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.regenregistry.server.system.RegistrySchema;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox of the trial index: one row per trial, written in the same database transaction as the
 * FHIR write that changed the trial's document, so a committed write can never be missing from the index and a
 * rolled-back one never reaches it.
 *
 * <p>Each write raises the trial's {@code REVISION} under the row's lock, so revisions follow commit order per trial
 * (a sequence id would not: transactions commit in another order than they draw ids). The revision is the document's
 * external version in Elasticsearch. Dispatching records {@code DISPATCHED_REVISION}; a trial is pending while its
 * revision is ahead. Instances claim pending trials for a lease ({@code FOR UPDATE SKIP LOCKED}), so two registry
 * instances share the work, and a dead instance's claims pass to another when the lease runs out.
 */
@Component
@DependsOn(RegistrySchema.BEAN)
public class TrialOutbox {

    private static final String TABLE = "RR_TRIAL_OUTBOX";

    private static final String POSTGRES_UPSERT = "INSERT INTO " + TABLE
            + " (TRIAL_ID, REVISION, DISPATCHED_REVISION, CHANGED_AT, PENDING_SINCE, ATTEMPTS) VALUES (?, 1, 0, ?, ?, 0)"
            + " ON CONFLICT (TRIAL_ID) DO UPDATE SET REVISION = " + TABLE + ".REVISION + 1,"
            + " CHANGED_AT = EXCLUDED.CHANGED_AT,"
            + " PENDING_SINCE = CASE WHEN " + TABLE + ".REVISION = " + TABLE + ".DISPATCHED_REVISION"
            + " THEN EXCLUDED.CHANGED_AT ELSE " + TABLE + ".PENDING_SINCE END";

    private static final String STANDARD_UPSERT = "MERGE INTO " + TABLE + " T"
            + " USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS TIMESTAMP WITH TIME ZONE),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE))) S(TRIAL_ID, CHANGED_AT, PENDING_SINCE)"
            + " ON T.TRIAL_ID = S.TRIAL_ID"
            + " WHEN MATCHED THEN UPDATE SET REVISION = T.REVISION + 1, CHANGED_AT = S.CHANGED_AT,"
            + " PENDING_SINCE = CASE WHEN T.REVISION = T.DISPATCHED_REVISION THEN S.CHANGED_AT ELSE T.PENDING_SINCE END"
            + " WHEN NOT MATCHED THEN INSERT (TRIAL_ID, REVISION, DISPATCHED_REVISION, CHANGED_AT, PENDING_SINCE,"
            + " ATTEMPTS) VALUES (S.TRIAL_ID, 1, 0, S.CHANGED_AT, S.PENDING_SINCE, 0)";

    /**
     * A trial is pending while its revision is ahead of what was dispatched; {@code PENDING_SINCE} is set exactly
     * then (null otherwise), so that pending trials are a range of its index: the dispatcher's claim, the depth and
     * the oldest change read only the pending rows, not one row per trial ({@code IS NOT NULL} would make H2 walk the
     * whole index).
     */
    private static final String PENDING = "PENDING_SINCE >= TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String upsert;

    TrialOutbox(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.upsert = jdbc.execute((Connection connection) -> upsertFor(connection));
    }

    /**
     * Raises the revision of each trial, in the caller's transaction. Trials are taken in id order so that two
     * transactions touching the same trials cannot deadlock.
     */
    void record(Collection<String> trialIds, Instant at) {
        OffsetDateTime time = utc(at);
        List<Object[]> rows = trialIds.stream()
                .sorted()
                .distinct()
                .map(id -> new Object[] {id, time, time})
                .toList();
        jdbc.batchUpdate(upsert, rows);
    }

    /** Claims up to {@code limit} pending trials, oldest change first, that no live claim holds. */
    List<Pending> claim(String owner, int limit, Duration lease, Instant now) {
        return transactions.execute(status -> {
            List<Pending> pending = jdbc.query(
                    "SELECT TRIAL_ID, REVISION, PENDING_SINCE FROM " + TABLE + " WHERE " + PENDING
                            + " AND (CLAIM_EXPIRES IS NULL OR CLAIM_EXPIRES < ?)"
                            + " ORDER BY PENDING_SINCE FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED",
                    (row, index) -> new Pending(
                            row.getString(1),
                            row.getLong(2),
                            row.getObject(3, OffsetDateTime.class).toInstant()),
                    utc(now),
                    limit);
            OffsetDateTime expires = utc(now.plus(lease));
            jdbc.batchUpdate(
                    "UPDATE " + TABLE + " SET CLAIMED_BY = ?, CLAIM_EXPIRES = ? WHERE TRIAL_ID = ?",
                    pending.stream()
                            .map(trial -> new Object[] {owner, expires, trial.trialId()})
                            .toList());
            return pending;
        });
    }

    /** Records that the index holds these revisions, for the claims this owner still holds. */
    void dispatched(String owner, Collection<Pending> trials) {
        jdbc.batchUpdate(
                "UPDATE " + TABLE + " SET DISPATCHED_REVISION = GREATEST(DISPATCHED_REVISION, ?),"
                        + " PENDING_SINCE = CASE WHEN REVISION > GREATEST(DISPATCHED_REVISION, ?) THEN CHANGED_AT"
                        + " ELSE NULL END,"
                        + " CLAIMED_BY = NULL, CLAIM_EXPIRES = NULL, ATTEMPTS = 0, LAST_ERROR = NULL"
                        + " WHERE TRIAL_ID = ? AND CLAIMED_BY = ?",
                trials.stream()
                        .map(trial -> new Object[] {trial.revision(), trial.revision(), trial.trialId(), owner})
                        .toList());
    }

    /** Gives claims back after a failed attempt, with the reason; no instance takes them again before {@code retryAt}. */
    void failed(String owner, Map<String, String> reasons, Instant retryAt) {
        OffsetDateTime retry = utc(retryAt);
        jdbc.batchUpdate(
                "UPDATE " + TABLE + " SET CLAIMED_BY = NULL, CLAIM_EXPIRES = ?, ATTEMPTS = ATTEMPTS + 1,"
                        + " LAST_ERROR = ? WHERE TRIAL_ID = ? AND CLAIMED_BY = ?",
                reasons.entrySet().stream()
                        .map(entry -> new Object[] {
                            retry,
                            fit(entry.getValue() == null ? "unknown" : entry.getValue(), 1000),
                            entry.getKey(),
                            owner
                        })
                        .toList());
    }

    /** Trials whose latest revision the index does not hold yet. */
    public long depth() {
        Long depth = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE " + PENDING, Long.class);
        return depth == null ? 0 : depth;
    }

    /** When the oldest change still waiting for the index was made. */
    public Optional<Instant> oldestPending() {
        return jdbc
                .query(
                        "SELECT MIN(PENDING_SINCE) FROM " + TABLE + " WHERE " + PENDING,
                        (row, index) -> row.getObject(1, OffsetDateTime.class))
                .stream()
                .filter(time -> time != null)
                .map(OffsetDateTime::toInstant)
                .findFirst();
    }

    /** The current revision of every trial, read before a rebuild reads the trials themselves. */
    Map<String, Long> revisions() {
        Map<String, Long> revisions = new HashMap<>();
        jdbc.query("SELECT TRIAL_ID, REVISION FROM " + TABLE, row -> {
            revisions.put(row.getString(1), row.getLong(2));
        });
        return revisions;
    }

    /** The trials whose latest revision the index does not hold yet. */
    Set<String> pendingTrials() {
        return Set.copyOf(jdbc.queryForList("SELECT TRIAL_ID FROM " + TABLE + " WHERE " + PENDING, String.class));
    }

    /** The pending trials with the error of their last attempt, for the admin endpoint. */
    List<Failure> failures(int limit) {
        return jdbc.query(
                "SELECT TRIAL_ID, ATTEMPTS, LAST_ERROR FROM " + TABLE + " WHERE " + PENDING
                        + " AND LAST_ERROR IS NOT NULL ORDER BY PENDING_SINCE FETCH FIRST ? ROWS ONLY",
                (row, index) -> new Failure(row.getString(1), row.getInt(2), row.getString(3)),
                limit);
    }

    /** A trial claimed for dispatch: its revision when claimed and since when it has been waiting. */
    record Pending(String trialId, long revision, Instant pendingSince) {}

    /** A trial whose last dispatch failed. */
    record Failure(String trialId, int attempts, String error) {}

    private static String upsertFor(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
                ? POSTGRES_UPSERT
                : STANDARD_UPSERT;
    }
}
