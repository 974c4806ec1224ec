package org.regenregistry.server.indexing;

import javax.sql.DataSource;
import org.regenregistry.server.system.RegistrySchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.transaction.PlatformTransactionManager;

/** The search index's outbox, {@code RR_TRIAL_OUTBOX}. */
@Configuration
class TrialOutboxConfig {

    @Bean
    @DependsOn(RegistrySchema.BEAN)
    TrialOutbox trialOutbox(DataSource dataSource, PlatformTransactionManager transactionManager) {
        return new TrialOutbox(dataSource, transactionManager, TrialOutbox.INDEX_TABLE);
    }
}
