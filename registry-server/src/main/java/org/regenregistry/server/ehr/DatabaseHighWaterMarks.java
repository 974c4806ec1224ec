package org.regenregistry.server.ehr;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.regenregistry.ehr.sync.Mark;
import org.regenregistry.ehr.sync.SiteMarks;
import org.regenregistry.server.system.RegistrySchema;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far each site's sync has read, per resource type, in the registry's database (never only in memory: a restart
 * must neither read everything again nor skip what was not read), one row per site and {@linkplain Mark#key() mark
 * key}. Only the holder of the site's lease writes a site's marks.
 */
@Component
@DependsOn(RegistrySchema.BEAN)
class DatabaseHighWaterMarks implements SiteMarks {

    private static final String TABLE = "RR_EHR_HIGH_WATER_MARK";

    private final JdbcTemplate jdbc;

    DatabaseHighWaterMarks(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Optional<Instant> get(String siteId, Mark mark) {
        return jdbc
                .query(
                        "SELECT MARK FROM " + TABLE + " WHERE SITE_ID = ? AND RESOURCE_TYPE = ?",
                        (row, index) -> row.getObject(1, OffsetDateTime.class).toInstant(),
                        siteId,
                        mark.key())
                .stream()
                .findFirst();
    }

    @Override
    public void advance(String siteId, Mark mark, Instant at) {
        OffsetDateTime value = at.atOffset(ZoneOffset.UTC);
        if (jdbc.update(
                        "UPDATE " + TABLE + " SET MARK = ? WHERE SITE_ID = ? AND RESOURCE_TYPE = ?",
                        value,
                        siteId,
                        mark.key())
                == 0) {
            jdbc.update(
                    "INSERT INTO " + TABLE + " (SITE_ID, RESOURCE_TYPE, MARK) VALUES (?, ?, ?)",
                    siteId,
                    mark.key(),
                    value);
        }
    }
}
