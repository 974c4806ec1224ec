package org.regenregistry.server.system;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The registry's leases across instances (ShedLock, in {@value #TABLE}), timed by the database's clock so that
 * instances with skewed clocks agree: a site's EHR sync, the daily follow-up pass.
 */
@Configuration
class LockConfig {

    static final String TABLE = "RR_SHEDLOCK";

    @Bean
    @DependsOn(RegistrySchema.BEAN)
    LockProvider registryLocks(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName(TABLE)
                .usingDbTime()
                .build());
    }
}
