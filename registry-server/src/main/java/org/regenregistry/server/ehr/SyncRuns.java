package org.regenregistry.server.ehr;

import static org.regenregistry.server.system.Columns.fit;
import static org.regenregistry.server.system.Columns.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.regenregistry.ehr.sync.SiteSpec;
import org.regenregistry.ehr.sync.SyncCounts;
import org.regenregistry.ehr.sync.SyncIssue;
import org.regenregistry.server.system.RegistrySchema;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The history of sync runs, per site, in the registry's database: what each run read, created, updated, left
 * unchanged, skipped and failed, and why, so that a site's data manager can see what reached the registry and what
 * did not.
 */
@Component
@DependsOn(RegistrySchema.BEAN)
class SyncRuns {

    /** Issues kept per run: enough to act on, bounded when a whole export is unmappable. */
    static final int ISSUES_KEPT = 200;

    private static final String RUNS = "RR_EHR_SYNC_RUN";
    private static final String ISSUES = "RR_EHR_SYNC_ISSUE";
    private static final String COLUMNS = "RUN_ID, SITE_ID, TRIGGERED_BY, METHOD, STATE, STARTED_AT, FINISHED_AT,"
            + " READ_COUNT, CREATED_COUNT, UPDATED_COUNT, UNCHANGED_COUNT, SKIPPED_COUNT, FAILED_COUNT, PUSHED_COUNT, ERROR";

    private final JdbcTemplate jdbc;

    SyncRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    SyncRun start(String siteId, SyncRun.Trigger triggeredBy, SiteSpec.Method method, Instant now) {
        SyncRun run = new SyncRun(
                UUID.randomUUID().toString(),
                siteId,
                triggeredBy,
                method,
                SyncRun.State.RUNNING,
                now,
                null,
                SyncCounts.NONE,
                null,
                List.of());
        jdbc.update(
                "INSERT INTO " + RUNS + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL, 0, 0, 0, 0, 0, 0, 0, NULL)",
                run.runId(),
                siteId,
                triggeredBy.id(),
                method.id(),
                run.state().name(),
                utc(now));
        return run;
    }

    void finish(
            String runId, SyncRun.State state, SyncCounts counts, String error, List<SyncIssue> issues, Instant now) {
        jdbc.update(
                "UPDATE " + RUNS + " SET STATE = ?, FINISHED_AT = ?, ERROR = ?, READ_COUNT = ?, CREATED_COUNT = ?,"
                        + " UPDATED_COUNT = ?, UNCHANGED_COUNT = ?, SKIPPED_COUNT = ?, FAILED_COUNT = ?, PUSHED_COUNT = ?"
                        + " WHERE RUN_ID = ?",
                state.name(),
                utc(now),
                fit(error, 2000),
                counts.read(),
                counts.created(),
                counts.updated(),
                counts.unchanged(),
                counts.skipped(),
                counts.failed(),
                counts.pushed(),
                runId);
        List<SyncIssue> kept = issues.subList(0, Math.min(issues.size(), ISSUES_KEPT));
        jdbc.batchUpdate(
                "INSERT INTO " + ISSUES + " (RUN_ID, SEQ, OUTCOME, SOURCE, REASON) VALUES (?, ?, ?, ?, ?)",
                IntStream.range(0, kept.size())
                        .mapToObj(seq -> new Object[] {
                            runId,
                            seq,
                            kept.get(seq).outcome().name(),
                            fit(kept.get(seq).source(), 500),
                            fit(kept.get(seq).reason(), 2000)
                        })
                        .toList());
    }

    /** A run that was still RUNNING when its instance died is marked as abandoned once its site's lease ran out. */
    void abandonRunning(String siteId, Instant now) {
        jdbc.update(
                "UPDATE " + RUNS + " SET STATE = ?, FINISHED_AT = ?, ERROR = ? WHERE SITE_ID = ? AND STATE = ?",
                SyncRun.State.ABANDONED.name(),
                utc(now),
                "the instance running it stopped before it finished",
                siteId,
                SyncRun.State.RUNNING.name());
    }

    Optional<SyncRun> find(String runId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM " + RUNS + " WHERE RUN_ID = ?", this::run, runId).stream()
                .findFirst()
                .map(run -> run.withIssues(issues(runId)));
    }

    /** The site's latest runs, newest first, without their issues. */
    List<SyncRun> latest(String siteId, int limit) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM " + RUNS + " WHERE SITE_ID = ? ORDER BY STARTED_AT DESC"
                        + " FETCH FIRST ? ROWS ONLY",
                this::run,
                siteId,
                limit);
    }

    private List<SyncIssue> issues(String runId) {
        return jdbc.query(
                "SELECT OUTCOME, SOURCE, REASON FROM " + ISSUES + " WHERE RUN_ID = ? ORDER BY SEQ",
                (row, index) ->
                        new SyncIssue(SyncIssue.Outcome.valueOf(row.getString(1)), row.getString(2), row.getString(3)),
                runId);
    }

    private SyncRun run(ResultSet row, int index) throws SQLException {
        OffsetDateTime finished = row.getObject("FINISHED_AT", OffsetDateTime.class);
        return new SyncRun(
                row.getString("RUN_ID"),
                row.getString("SITE_ID"),
                SyncRun.Trigger.of(row.getString("TRIGGERED_BY")),
                SiteSpec.Method.of(row.getString("METHOD")),
                SyncRun.State.valueOf(row.getString("STATE")),
                row.getObject("STARTED_AT", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant(),
                new SyncCounts(
                        row.getLong("READ_COUNT"),
                        row.getLong("CREATED_COUNT"),
                        row.getLong("UPDATED_COUNT"),
                        row.getLong("UNCHANGED_COUNT"),
                        row.getLong("SKIPPED_COUNT"),
                        row.getLong("FAILED_COUNT"),
                        row.getLong("PUSHED_COUNT")),
                row.getString("ERROR"),
                List.of());
    }
}
