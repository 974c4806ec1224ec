package org.regenregistry.server.ehr;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.regenregistry.server.system.RegistrySchema;
import org.springframework.context.annotation.DependsOn;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One sync at a time per site, across every registry instance on the database: a lease row per site. A run holds
 * the lease while it works and renews it; an instance that dies loses it when the lease ends, so another instance can
 * sync the site again. (A database lock held for a whole sync would keep a transaction open for minutes.)
 */
@Component
@DependsOn(RegistrySchema.BEAN)
class SiteLocks {

    private static final String TABLE = "RR_EHR_SITE_LOCK";

    private final JdbcTemplate jdbc;

    SiteLocks(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Takes the site's lease for {@code holder} unless another holder's lease is still running. */
    boolean acquire(String siteId, String holder, Duration lease, Instant now) {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE + " WHERE SITE_ID = ?", Long.class, siteId) == 0) {
            try {
                jdbc.update("INSERT INTO " + TABLE + " (SITE_ID) VALUES (?)", siteId);
            } catch (DuplicateKeyException anotherInstanceInsertedIt) {
                // the row exists now, which is all this needed
            }
        }
        return jdbc.update(
                        "UPDATE " + TABLE + " SET HOLDER = ?, EXPIRES = ? WHERE SITE_ID = ?"
                                + " AND (HOLDER IS NULL OR EXPIRES < ?)",
                        holder,
                        utc(now.plus(lease)),
                        siteId,
                        utc(now))
                == 1;
    }

    /** Extends a lease this holder still has; false when it was lost (it ran out and another instance took it). */
    boolean renew(String siteId, String holder, Duration lease, Instant now) {
        return jdbc.update(
                        "UPDATE " + TABLE + " SET EXPIRES = ? WHERE SITE_ID = ? AND HOLDER = ?",
                        utc(now.plus(lease)),
                        siteId,
                        holder)
                == 1;
    }

    void release(String siteId, String holder) {
        jdbc.update(
                "UPDATE " + TABLE + " SET HOLDER = NULL, EXPIRES = NULL WHERE SITE_ID = ? AND HOLDER = ?",
                siteId,
                holder);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
