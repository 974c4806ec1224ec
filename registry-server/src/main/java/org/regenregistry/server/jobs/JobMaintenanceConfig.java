package org.regenregistry.server.jobs;

import ca.uhn.fhir.batch2.api.IJobMaintenanceService;
import ca.uhn.fhir.batch2.maintenance.JobMaintenanceServiceImpl;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets how often HAPI's Batch2 maintenance pass runs. HAPI's default of one minute per step makes a ten-patient
 * {@code $export} take minutes; the pass itself is one small query. The interval is set once all beans exist and
 * before the scheduler starts at context refresh.
 */
@Configuration
class JobMaintenanceConfig {

    @Bean
    SmartInitializingSingleton jobMaintenanceInterval(IJobMaintenanceService maintenance, JobSettings settings) {
        return () -> ((JobMaintenanceServiceImpl) maintenance)
                .setScheduledJobFrequencyMillis(settings.maintenanceInterval().toMillis());
    }
}
