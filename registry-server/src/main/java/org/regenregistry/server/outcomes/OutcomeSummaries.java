package org.regenregistry.server.outcomes;

import static org.regenregistry.server.system.Columns.fit;
import static org.regenregistry.server.system.Columns.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.regenregistry.server.system.RegistrySchema;
import org.regenregistry.statistics.ArmChanges;
import org.regenregistry.statistics.Sample;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The stored summaries, {@code RR_OUTCOME_SUMMARY}: one row per trial, instrument, arm and time point. */
@Component
@DependsOn(RegistrySchema.BEAN)
class OutcomeSummaries {

    private static final String COLUMNS = "TRIAL_ID, INSTRUMENT, ARM, TIME_POINT, REVISION, SOURCE, MEASURE_NAME,"
            + " LOWER_IS_BETTER, OUTCOME_DOMAIN, ARM_TYPE,"
            + " ENROLLED, EXPECTED, ANALYSED, MISSING, WITHDRAWN, MEAN_CHANGE, SD_CHANGE, RESPONDERS_30,"
            + " RESPONDERS_50, RESPONDERS_MCID, COMPUTED_AT";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    OutcomeSummaries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /** Where a row's numbers come from. */
    enum Source {
        /** The subjects' scores the registry holds. */
        SUBJECTS,
        /** The trial's registered results (a trial without subjects' scores). */
        REGISTERED
    }

    /**
     * A stored row.
     *
     * @param trialId the trial
     * @param instrument the instrument's code, or for a registered measure the key of its title
     * @param source where the numbers come from
     * @param name the instrument's or the registered measure's name
     * @param lowerIsBetter whether a fall is an improvement
     * @param domain pain or function
     * @param armType the arm's type code, null where the trial gives none
     * @param summary the arm at the time point
     * @param revision the outbox revision it was computed for
     * @param computedAt when
     */
    record Row(
            String trialId,
            String instrument,
            Source source,
            String name,
            boolean lowerIsBetter,
            String domain,
            String armType,
            ArmChanges.Arm summary,
            long revision,
            Instant computedAt) {}

    /** Replaces a trial's rows with {@code rows}, in the caller's transaction. */
    void replace(String trialId, List<Row> rows) {
        jdbc.update("DELETE FROM RR_OUTCOME_SUMMARY WHERE TRIAL_ID = ?", trialId);
        jdbc.batchUpdate(
                "INSERT INTO RR_OUTCOME_SUMMARY (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?)",
                rows.stream()
                        .map(row -> {
                            ArmChanges.Arm arm = row.summary();
                            return new Object[] {
                                row.trialId(),
                                row.instrument(),
                                arm.arm(),
                                arm.timePoint(),
                                row.revision(),
                                row.source().name(),
                                fit(row.name(), 500),
                                row.lowerIsBetter(),
                                row.domain(),
                                row.armType(),
                                arm.enrolled(),
                                arm.expected(),
                                arm.analysed(),
                                arm.missing(),
                                arm.withdrawn(),
                                arm.change().map(Sample::mean).orElse(null),
                                arm.change().map(Sample::sd).orElse(null),
                                arm.responders30().orElse(null),
                                arm.responders50().orElse(null),
                                arm.respondersMcid().orElse(null),
                                utc(row.computedAt())
                            };
                        })
                        .toList());
    }

    /** The trials that have summaries. */
    List<String> trials() {
        return jdbc.queryForList("SELECT DISTINCT TRIAL_ID FROM RR_OUTCOME_SUMMARY", String.class);
    }

    /** A trial's rows, by instrument, arm and time point as stored. */
    List<Row> of(String trialId) {
        return jdbc.query(
                "SELECT " + COLUMNS
                        + " FROM RR_OUTCOME_SUMMARY WHERE TRIAL_ID = ? ORDER BY INSTRUMENT, ARM, TIME_POINT",
                OutcomeSummaries::row,
                trialId);
    }

    /** The rows of {@code trialIds} in one domain at one time point that analysed anyone. */
    List<Row> at(String domain, String timePoint, Collection<String> trialIds) {
        if (trialIds.isEmpty()) {
            return List.of();
        }
        return named.query(
                "SELECT " + COLUMNS + " FROM RR_OUTCOME_SUMMARY WHERE OUTCOME_DOMAIN = :domain AND TIME_POINT = :point"
                        + " AND ANALYSED > 0 AND TRIAL_ID IN (:trials)",
                new MapSqlParameterSource()
                        .addValue("domain", domain)
                        .addValue("point", timePoint)
                        .addValue("trials", trialIds),
                OutcomeSummaries::row);
    }

    private static Row row(ResultSet row, int index) throws SQLException {
        int analysed = row.getInt("ANALYSED");
        double mean = row.getDouble("MEAN_CHANGE");
        Optional<Sample> change = row.wasNull() || analysed == 0
                ? Optional.empty()
                : Optional.of(new Sample(analysed, mean, row.getDouble("SD_CHANGE")));
        return new Row(
                row.getString("TRIAL_ID"),
                row.getString("INSTRUMENT"),
                Source.valueOf(row.getString("SOURCE")),
                row.getString("MEASURE_NAME"),
                row.getBoolean("LOWER_IS_BETTER"),
                row.getString("OUTCOME_DOMAIN"),
                row.getString("ARM_TYPE"),
                new ArmChanges.Arm(
                        row.getString("ARM"),
                        row.getString("TIME_POINT"),
                        row.getInt("ENROLLED"),
                        row.getInt("EXPECTED"),
                        analysed,
                        row.getInt("MISSING"),
                        row.getInt("WITHDRAWN"),
                        change,
                        optional(row, "RESPONDERS_30"),
                        optional(row, "RESPONDERS_50"),
                        optional(row, "RESPONDERS_MCID")),
                row.getLong("REVISION"),
                row.getObject("COMPUTED_AT", OffsetDateTime.class).toInstant());
    }

    private static Optional<Integer> optional(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
