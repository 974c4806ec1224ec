package org.regenregistry.server.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.regenregistry.server.RegistryServerApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole registry on a random port against real PostgreSQL, a real Elasticsearch node and a stubbed hospital EHR and
 * ClinicalTrials.gov API. Every test class carrying this annotation shares one
 * Spring context (a start costs 30-50 s), so tests create their own data and never assume an empty database. Metrics
 * export stays on, as in production.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = RegistryServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@ExtendWith(AwaitOwnConditions.class)
@ActiveProfiles("it")
@ContextConfiguration(
        initializers = {
            EmbeddedPostgresInitializer.class,
            EmbeddedElasticsearchInitializer.class,
            EhrStubInitializer.class,
            CtgovStubInitializer.class,
            SecurityClientsInitializer.class
        })
public @interface PostgresRegistryTest {}
