package org.regenregistry.server.ctgov;

import static org.regenregistry.server.system.Columns.fit;
import static org.regenregistry.server.system.Columns.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.regenregistry.server.system.RegistrySchema;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The history of ClinicalTrials.gov imports in the registry's database: each run's progress while it works (so the
 * admin API can show it), its outcome, and the records it refused or could not classify, with the reasons.
 */
@Component
@DependsOn(RegistrySchema.BEAN)
class ImportRuns {

    /** Issues kept per run: enough to act on, bounded when a whole file is unreadable. */
    static final int ISSUES_KEPT = 1000;

    private static final String RUNS = "RR_CTGOV_IMPORT_RUN";
    private static final String ISSUES = "RR_CTGOV_IMPORT_ISSUE";
    private static final String COLUMNS = "RUN_ID, SOURCE, STATE, STARTED_AT, UPDATED_AT, FINISHED_AT, READ_COUNT,"
            + " CREATED_COUNT, UPDATED_COUNT, UNCHANGED_COUNT, REFUSED_COUNT, UNCLASSIFIED_COUNT, ERROR";

    private final JdbcTemplate jdbc;

    ImportRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    ImportRun start(String source, Instant now) {
        ImportRun run = new ImportRun(
                UUID.randomUUID().toString(),
                fit(source, 1000),
                ImportRun.State.RUNNING,
                now,
                now,
                null,
                ImportRun.Counts.NONE,
                null,
                List.of());
        jdbc.update(
                "INSERT INTO " + RUNS + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, NULL, 0, 0, 0, 0, 0, 0, NULL)",
                run.runId(),
                run.source(),
                run.state().name(),
                utc(now),
                utc(now));
        return run;
    }

    /** Records the progress of a running import. */
    void progress(String runId, ImportRun.Counts counts, Instant now) {
        jdbc.update(
                "UPDATE " + RUNS + " SET UPDATED_AT = ?, READ_COUNT = ?, CREATED_COUNT = ?, UPDATED_COUNT = ?,"
                        + " UNCHANGED_COUNT = ?, REFUSED_COUNT = ?, UNCLASSIFIED_COUNT = ? WHERE RUN_ID = ?",
                utc(now),
                counts.read(),
                counts.created(),
                counts.updated(),
                counts.unchanged(),
                counts.refused(),
                counts.unclassified(),
                runId);
    }

    /** Keeps {@code issue} as the run's {@code seq}th, unless {@link #ISSUES_KEPT} are kept already. */
    void issue(String runId, int seq, ImportRun.Issue issue) {
        if (seq < ISSUES_KEPT) {
            jdbc.update(
                    "INSERT INTO " + ISSUES
                            + " (RUN_ID, SEQ, OUTCOME, SOURCE, NCT_ID, REASON) VALUES (?, ?, ?, ?, ?, ?)",
                    runId,
                    seq,
                    issue.outcome().name(),
                    fit(issue.source(), 1000),
                    issue.nctId(),
                    fit(issue.reason(), 2000));
        }
    }

    void finish(String runId, ImportRun.State state, ImportRun.Counts counts, String error, Instant now) {
        progress(runId, counts, now);
        jdbc.update(
                "UPDATE " + RUNS + " SET STATE = ?, FINISHED_AT = ?, ERROR = ? WHERE RUN_ID = ?",
                state.name(),
                utc(now),
                fit(error, 2000),
                runId);
    }

    /**
     * Marks as abandoned the runs that have shown no progress for {@code silence}: a running import records its
     * progress every few seconds, so such a run's registry instance stopped.
     */
    void abandonSilent(Duration silence, Instant now) {
        jdbc.update(
                "UPDATE " + RUNS + " SET STATE = ?, FINISHED_AT = ?, ERROR = ? WHERE STATE = ? AND UPDATED_AT < ?",
                ImportRun.State.ABANDONED.name(),
                utc(now),
                "the registry stopped before the import finished; import the same records again to finish it",
                ImportRun.State.RUNNING.name(),
                utc(now.minus(silence)));
    }

    Optional<ImportRun> find(String runId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + RUNS + " WHERE RUN_ID = ?", this::run, runId).stream()
                .findFirst()
                .map(run -> run.withIssues(issues(runId)));
    }

    /** The latest runs, newest first, without their issues. */
    List<ImportRun> latest(int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM " + RUNS + " ORDER BY STARTED_AT DESC FETCH FIRST ? ROWS ONLY",
                this::run,
                limit);
    }

    private List<ImportRun.Issue> issues(String runId) {
        return jdbc.query(
                "SELECT OUTCOME, SOURCE, NCT_ID, REASON FROM " + ISSUES + " WHERE RUN_ID = ? ORDER BY SEQ",
                (row, index) -> new ImportRun.Issue(
                        ImportRun.Issue.Outcome.valueOf(row.getString(1)),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4)),
                runId);
    }

    private ImportRun run(ResultSet row, int index) throws SQLException {
        OffsetDateTime finished = row.getObject("FINISHED_AT", OffsetDateTime.class);
        return new ImportRun(
                row.getString("RUN_ID"),
                row.getString("SOURCE"),
                ImportRun.State.valueOf(row.getString("STATE")),
                row.getObject("STARTED_AT", OffsetDateTime.class).toInstant(),
                row.getObject("UPDATED_AT", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant(),
                new ImportRun.Counts(
                        row.getLong("READ_COUNT"),
                        row.getLong("CREATED_COUNT"),
                        row.getLong("UPDATED_COUNT"),
                        row.getLong("UNCHANGED_COUNT"),
                        row.getLong("REFUSED_COUNT"),
                        row.getLong("UNCLASSIFIED_COUNT")),
                row.getString("ERROR"),
                List.of());
    }
}
