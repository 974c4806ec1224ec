package org.regenregistry.server.system;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The registry's own tables ({@code RR_*}), migrated by Flyway from {@code db/registry/} with their own history table,
 * on H2 and PostgreSQL alike. HAPI's tables are not Flyway's (see the README, "Database schema").
 *
 * <p>A database made before the registry used Flyway holds HAPI's tables and some of the registry's, and no history:
 * Flyway baselines it at version 0 and then runs every migration, which are written to bring such tables to their
 * current shape. The beans that use these tables depend on this one, so the schema is current before any of them
 * starts.
 *
 * @see org.flywaydb.core.api.configuration.FluentConfiguration#baselineOnMigrate(boolean)
 */
@Component(RegistrySchema.BEAN)
public class RegistrySchema implements InitializingBean {

    /** The bean name the users of the registry's tables depend on. */
    public static final String BEAN = "registrySchema";

    static final String HISTORY_TABLE = "RR_SCHEMA_HISTORY";

    private static final Logger log = LoggerFactory.getLogger(RegistrySchema.class);

    private final DataSource dataSource;

    RegistrySchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The registry's Flyway over {@code dataSource}: the one configuration the server and its tests use. */
    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/registry")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("tables made before the registry used Flyway")
                .load();
    }

    @Override
    public void afterPropertiesSet() {
        MigrateResult result = flyway(dataSource).migrate();
        if (result.migrationsExecuted > 0) {
            log.info(
                    "Registry schema migrated from version {} to {} ({} migrations)",
                    result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                    result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
    }
}
