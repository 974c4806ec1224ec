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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transactional outbox of trials: one row per trial, written in the same database transaction as the FHIR write that
 * changed the trial, so a committed write can never be missing from what its consumer derives from the trial (the
 * search index; the outcome summaries, from a table of their own) and a rolled-back one never reaches it.
 *
 * <p>Each write raises the trial's {@code REVISION} under the row's lock, so revisions follow commit order per trial
 * (a sequence id would not: transactions commit in another order than they draw ids). The revision is the document's
 * external version in Elasticsearch. Dispatching records {@code DISPATCHED_REVISION}; a trial is pending while its
 * revision is ahead. Instances claim pending trials for a lease ({@code FOR UPDATE SKIP LOCKED}), so two registry
 * instances share the work, and a dead instance's claims pass to another when the lease runs out.
 */
public class TrialOutbox {

    /** The search index's outbox. */
    static final String INDEX_TABLE = "RR_TRIAL_OUTBOX";

    /** The upserts name the table as {@code %1$s}. */
    private static final String POSTGRES_UPSERT = "INSERT INTO %1$s"
            + " (TRIAL_ID, REVISION, DISPATCHED_REVISION, CHANGED_AT, PENDING_SINCE, ATTEMPTS) VALUES (?, 1, 0, ?, ?, 0)"
            + " ON CONFLICT (TRIAL_ID) DO UPDATE SET REVISION = %1$s.REVISION + 1,"
            + " CHANGED_AT = EXCLUDED.CHANGED_AT,"
            + " PENDING_SINCE = CASE WHEN %1$s.REVISION = %1$s.DISPATCHED_REVISION"
            + " THEN EXCLUDED.CHANGED_AT ELSE %1$s.PENDING_SINCE END";

    private static final String STANDARD_UPSERT = "MERGE INTO %1$s T"
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
    private final String table;
    private final String upsert;
    private final Semaphore signal = new Semaphore(0);

    /** The outbox in {@code table}, a table of {@code RR_TRIAL_OUTBOX}'s shape made by the registry's migrations. */
    public TrialOutbox(DataSource dataSource, PlatformTransactionManager transactionManager, String table) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(transactionManager);
        this.table = table;
        this.upsert = String.format(jdbc.execute((Connection connection) -> upsertFor(connection)), table);
    }

    /**
     * Records that {@code trials} changed: inside a transaction once, just before it commits (however many of its
     * writes touch them), waking the consumer after the commit; outside one at once.
     */
    public void touch(Collection<String> trials, Instant at) {
        if (trials.isEmpty()) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            record(trials, at);
            wake();
            return;
        }
        TransactionSynchronizationManager.getSynchronizations().stream()
                .filter(PendingTrials.class::isInstance)
                .map(PendingTrials.class::cast)
                .filter(pending -> pending.outbox() == this)
                .findFirst()
                .orElseGet(() -> {
                    PendingTrials pending = new PendingTrials(this, at);
                    TransactionSynchronizationManager.registerSynchronization(pending);
                    return pending;
                })
                .trials()
                .addAll(trials);
    }

    /** Waits until a change commits or the timeout passes, whichever comes first. */
    public void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }

    private void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
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
    public List<Pending> claim(String owner, int limit, Duration lease, Instant now) {
        return transactions.execute(status -> {
            List<Pending> pending = jdbc.query(
                    "SELECT TRIAL_ID, REVISION, PENDING_SINCE FROM " + table + " WHERE " + PENDING
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
                    "UPDATE " + table + " SET CLAIMED_BY = ?, CLAIM_EXPIRES = ? WHERE TRIAL_ID = ?",
                    pending.stream()
                            .map(trial -> new Object[] {owner, expires, trial.trialId()})
                            .toList());
            return pending;
        });
    }

    /** Records that the index holds these revisions, for the claims this owner still holds. */
    public void dispatched(String owner, Collection<Pending> trials) {
        jdbc.batchUpdate(
                "UPDATE " + table + " SET DISPATCHED_REVISION = GREATEST(DISPATCHED_REVISION, ?),"
                        + " PENDING_SINCE = CASE WHEN REVISION > GREATEST(DISPATCHED_REVISION, ?) THEN CHANGED_AT"
                        + " ELSE NULL END,"
                        + " CLAIMED_BY = NULL, CLAIM_EXPIRES = NULL, ATTEMPTS = 0, LAST_ERROR = NULL"
                        + " WHERE TRIAL_ID = ? AND CLAIMED_BY = ?",
                trials.stream()
                        .map(trial -> new Object[] {trial.revision(), trial.revision(), trial.trialId(), owner})
                        .toList());
    }

    /** Gives claims back after a failed attempt, with the reason; no instance takes them again before {@code retryAt}. */
    public void failed(String owner, Map<String, String> reasons, Instant retryAt) {
        OffsetDateTime retry = utc(retryAt);
        jdbc.batchUpdate(
                "UPDATE " + table + " SET CLAIMED_BY = NULL, CLAIM_EXPIRES = ?, ATTEMPTS = ATTEMPTS + 1,"
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
        Long depth = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE " + PENDING, Long.class);
        return depth == null ? 0 : depth;
    }

    /** When the oldest change still waiting for the index was made. */
    public Optional<Instant> oldestPending() {
        return jdbc
                .query(
                        "SELECT MIN(PENDING_SINCE) FROM " + table + " WHERE " + PENDING,
                        (row, index) -> row.getObject(1, OffsetDateTime.class))
                .stream()
                .filter(time -> time != null)
                .map(OffsetDateTime::toInstant)
                .findFirst();
    }

    /** The current revision of every trial, read before a rebuild reads the trials themselves. */
    Map<String, Long> revisions() {
        Map<String, Long> revisions = new HashMap<>();
        jdbc.query("SELECT TRIAL_ID, REVISION FROM " + table, row -> {
            revisions.put(row.getString(1), row.getLong(2));
        });
        return revisions;
    }

    /** Whether the trial's latest change is still waiting for the consumer. */
    public boolean pending(String trialId) {
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM " + table + " WHERE TRIAL_ID = ? AND " + PENDING, Long.class, trialId);
        return count != null && count > 0;
    }

    /** The trials whose latest revision the index does not hold yet. */
    Set<String> pendingTrials() {
        return Set.copyOf(jdbc.queryForList("SELECT TRIAL_ID FROM " + table + " WHERE " + PENDING, String.class));
    }

    /** The pending trials with the error of their last attempt, for the admin endpoint. */
    List<Failure> failures(int limit) {
        return jdbc.query(
                "SELECT TRIAL_ID, ATTEMPTS, LAST_ERROR FROM " + table + " WHERE " + PENDING
                        + " AND LAST_ERROR IS NOT NULL ORDER BY PENDING_SINCE FETCH FIRST ? ROWS ONLY",
                (row, index) -> new Failure(row.getString(1), row.getInt(2), row.getString(3)),
                limit);
    }

    /** A trial claimed for dispatch: its revision when claimed and since when it has been waiting. */
    public record Pending(String trialId, long revision, Instant pendingSince) {}

    /** A trial whose last dispatch failed. */
    record Failure(String trialId, int attempts, String error) {}

    /** The trials one transaction touched, recorded just before it commits. */
    private record PendingTrials(TrialOutbox outbox, Instant at, Set<String> trials)
            implements TransactionSynchronization {

        PendingTrials(TrialOutbox outbox, Instant at) {
            this(outbox, at, new HashSet<>());
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            outbox.record(trials, at);
        }

        @Override
        public void afterCommit() {
            outbox.wake();
        }
    }

    private static String upsertFor(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")
                ? POSTGRES_UPSERT
                : STANDARD_UPSERT;
    }
}
