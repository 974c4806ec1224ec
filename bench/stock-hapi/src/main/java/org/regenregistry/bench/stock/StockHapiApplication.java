package org.regenregistry.bench.stock;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * Stock HAPI FHIR 8.8.0 JPA (R4) as HAPI's own wiring makes it, for the registry's side-by-side benchmarks: what the
 * registry adds to each write (validation, the outbox, authorization, the audit trail) shows as the difference.
 */
@SpringBootApplication
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    ThreadPoolFactoryConfig.class,
    SubscriptionChannelConfig.class
})
public class StockHapiApplication {

    public static void main(String[] args) {
        SpringApplication.run(StockHapiApplication.class, args);
    }
}
