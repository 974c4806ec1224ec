package org.regenregistry.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The registry's Flyway migrations on real PostgreSQL and on H2: a new database gets the tables, and a database made
 * by a release before Flyway (today's, or an earlier one whose outbox and sync runs had another shape) is baselined
 * and upgraded in place to exactly the same schema, keeping its rows.
 */
class RegistrySchemaIT {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    static Stream<String> databases() {
        return Stream.of("postgresql", "h2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aNewDatabaseGetsTheRegistrysTables(String kind) {
        DataSource database = newDatabase(kind);

        RegistrySchema.flyway(database).migrate();

        assertThat(columns(database))
                .containsKeys(
                        "RR_TRIAL_OUTBOX.PENDING_SINCE",
                        "RR_SHEDLOCK.LOCK_UNTIL",
                        "RR_EHR_HIGH_WATER_MARK.MARK",
                        "RR_EHR_SYNC_RUN.PUSHED_COUNT",
                        "RR_EHR_SYNC_ISSUE.REASON",
                        "RR_AUDIT_EVENT.LINK",
                        "RR_AUDIT_CHECKPOINT.JWS",
                        "RR_SUBMISSION.CURRENT_KEY",
                        "RR_SUBMISSION_RECORD.DIGEST",
                        "RR_CTGOV_IMPORT_RUN.UNCLASSIFIED_COUNT",
                        "RR_CTGOV_IMPORT_ISSUE.NCT_ID",
                        "RR_OUTCOME_OUTBOX.PENDING_SINCE",
                        "RR_OUTCOME_SUMMARY.RESPONDERS_MCID");
        assertThat(RegistrySchema.flyway(database).migrate().migrationsExecuted).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseOfTheLastReleaseBeforeFlywayIsBaselinedAndKeepsItsRows(String kind) {
        DataSource database = madeBy(kind, "db/before-flyway/release-0.1.sql");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        OffsetDateTime changed = OffsetDateTime.parse("2026-11-30T10:15:30Z");
        outboxRow(jdbc, "pending", 3, 2, changed);
        syncRun(jdbc, changed);
        jdbc.update("UPDATE RR_EHR_SYNC_RUN SET PUSHED_COUNT = 2");

        RegistrySchema.flyway(database).migrate();

        assertThat(history(database))
                .containsExactly("0 BASELINE", "1 SQL", "2 SQL", "3 SQL", "4 SQL", "5 SQL", "6 SQL", "7 SQL");
        assertThat(columns(database)).isEqualTo(columns(migratedNewDatabase(kind)));
        assertThat(jdbc.queryForObject(
                        "SELECT PENDING_SINCE FROM RR_TRIAL_OUTBOX WHERE TRIAL_ID = 'pending'", OffsetDateTime.class))
                .isEqualTo(changed);
        assertThat(jdbc.queryForObject("SELECT PUSHED_COUNT FROM RR_EHR_SYNC_RUN WHERE RUN_ID = 'run-1'", Long.class))
                .isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDatabaseOfAnEarlierReleaseIsUpgradedToTheSameSchema(String kind) {
        DataSource database = madeBy(kind, "db/before-flyway/earlier-release.sql");
        JdbcTemplate jdbc = new JdbcTemplate(database);
        OffsetDateTime changed = OffsetDateTime.parse("2026-10-01T08:00:00Z");
        outboxRow(jdbc, "dispatched", 2, 2, changed);
        outboxRow(jdbc, "pending", 2, 1, changed);
        syncRun(jdbc, changed);

        RegistrySchema.flyway(database).migrate();

        assertThat(columns(database)).isEqualTo(columns(migratedNewDatabase(kind)));
        assertThat(jdbc.queryForList(
                        "SELECT TRIAL_ID FROM RR_TRIAL_OUTBOX WHERE PENDING_SINCE IS NOT NULL", String.class))
                .containsExactly("pending");
        assertThat(jdbc.queryForObject("SELECT PUSHED_COUNT FROM RR_EHR_SYNC_RUN WHERE RUN_ID = 'run-1'", Long.class))
                .isZero();
    }

    /** A row as releases before Flyway wrote it: {@code PENDING_SINCE} set whether or not the trial is pending. */
    private static void outboxRow(
            JdbcTemplate jdbc, String trialId, long revision, long dispatched, OffsetDateTime at) {
        jdbc.update(
                "INSERT INTO RR_TRIAL_OUTBOX (TRIAL_ID, REVISION, DISPATCHED_REVISION, CHANGED_AT, PENDING_SINCE,"
                        + " ATTEMPTS) VALUES (?, ?, ?, ?, ?, 0)",
                trialId,
                revision,
                dispatched,
                at,
                at);
    }

    private static void syncRun(JdbcTemplate jdbc, OffsetDateTime startedAt) {
        jdbc.update(
                "INSERT INTO RR_EHR_SYNC_RUN (RUN_ID, SITE_ID, TRIGGERED_BY, METHOD, STATE, STARTED_AT, READ_COUNT,"
                        + " CREATED_COUNT, UPDATED_COUNT, UNCHANGED_COUNT, SKIPPED_COUNT, FAILED_COUNT)"
                        + " VALUES ('run-1', 'site-a', 'schedule', 'poll', 'SUCCEEDED', ?, 5, 4, 1, 0, 0, 0)",
                startedAt);
    }

    /** Column name → type and nullability, of every registry table but Flyway's history. */
    private static Map<String, String> columns(DataSource database) {
        List<Map.Entry<String, String>> rows = new JdbcTemplate(database)
                .query(
                        "SELECT UPPER(TABLE_NAME), UPPER(COLUMN_NAME), UPPER(DATA_TYPE), IS_NULLABLE, COLUMN_DEFAULT"
                                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = CURRENT_SCHEMA"
                                + " AND UPPER(TABLE_NAME) LIKE 'RR\\_%' AND UPPER(TABLE_NAME) <> ?",
                        (row, index) -> Map.entry(
                                row.getString(1) + "." + row.getString(2),
                                row.getString(3) + " " + row.getString(4) + " " + row.getString(5)),
                        RegistrySchema.HISTORY_TABLE);
        return Map.ofEntries(rows.toArray(Map.Entry[]::new));
    }

    private static List<String> history(DataSource database) {
        return Stream.of(RegistrySchema.flyway(database).info().applied())
                .map(migration -> migration.getVersion() + " " + migration.getType())
                .toList();
    }

    /** A new database holding the tables an earlier release's script made. */
    private static DataSource madeBy(String kind, String script) {
        DataSource database = newDatabase(kind);
        try (var connection = database.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource(script));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return database;
    }

    private static DataSource migratedNewDatabase(String kind) {
        DataSource database = newDatabase(kind);
        RegistrySchema.flyway(database).migrate();
        return database;
    }

    private static DataSource newDatabase(String kind) {
        String name = "schema_" + UUID.randomUUID().toString().replace("-", "");
        if (kind.equals("h2")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            return h2;
        }
        new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE DATABASE " + name);
        return postgres.getDatabase("postgres", name);
    }
}
