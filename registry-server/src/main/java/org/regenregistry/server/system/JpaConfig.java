package org.regenregistry.server.system;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import jakarta.persistence.EntityManagerFactory;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.JpaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.transaction.annotation.EnableTransactionManagement;

/**
 * HAPI FHIR JPA storage for R4 on the configured {@code spring.datasource}: the DAOs, Batch2 jobs (bulk export,
 * reindex) and the Hibernate set-up HAPI expects.
 *
 * <p>Hibernate properties come from {@code spring.jpa.properties.*}; the dialect defaults to HAPI's dialect for the
 * database in {@code spring.datasource.url}.
 */
@Configuration
@EnableTransactionManagement
@EnableConfigurationProperties(JpaProperties.class)
@Import({
    JpaR4Config.class,
    HapiJpaConfig.class,
    JpaBatch2Config.class,
    Batch2JobsConfig.class,
    ThreadPoolFactoryConfig.class
})
class JpaConfig {

    /**
     * Regulated trial data is never expunged (21 CFR 11.10(e): a change never obscures the earlier value), and
     * references must point at resources that exist.
     *
     * <p>Hospitals PUT records under their own ids, and HL7's own examples use ids such as {@code Patient/1}: any
     * valid FHIR id is accepted from a client, including purely numeric ones (HAPI refuses those by default, since
     * they could collide with its sequential ids). Ids the server assigns are therefore random UUIDs, which no client
     * id can take by accident (<a href="https://hl7.org/fhir/R4/datatypes.html#id">id</a>).
     */
    @Bean
    JpaStorageSettings jpaStorageSettings(FhirServerSettings settings) {
        JpaStorageSettings storage = new JpaStorageSettings();
        storage.setAutoVersionReferenceAtPaths(settings.autoVersionReferencePaths());
        storage.setEnforceReferentialIntegrityOnWrite(true);
        storage.setEnforceReferentialIntegrityOnDelete(true);
        storage.setExpungeEnabled(false);
        storage.setDeleteExpungeEnabled(false);
        storage.setAllowMultipleDelete(false);
        storage.setResourceClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum.ANY);
        storage.setResourceServerIdStrategy(JpaStorageSettings.IdStrategyEnum.UUID);
        storage.setAllowContainsSearches(true);
        // pre-expansion stores value sets through Hibernate Search, which the registry does not run: writes are
        // validated in memory against the package (RegistryValidation), and $expand expands in memory
        storage.setPreExpandValueSets(false);
        return storage;
    }

    @Bean
    PartitionSettings partitionSettings() {
        return new PartitionSettings();
    }

    @Bean
    @Primary
    LocalContainerEntityManagerFactoryBean entityManagerFactory(
            ConfigurableListableBeanFactory beanFactory,
            FhirContext fhirContext,
            JpaStorageSettings storageSettings,
            DataSource dataSource,
            DataSourceProperties dataSourceProperties,
            JpaProperties jpaProperties) {
        LocalContainerEntityManagerFactoryBean factory =
                HapiEntityManagerFactoryUtil.newEntityManagerFactory(beanFactory, fhirContext, storageSettings);
        factory.setPersistenceUnitName("HAPI_PU");
        factory.setDataSource(dataSource);
        factory.setJpaProperties(hibernateProperties(dataSourceProperties.determineUrl(), jpaProperties));
        return factory;
    }

    /**
     * Every transaction, and so every request's database work, ends within {@code registry.limits.timeout}: Hibernate
     * gives each statement what is left of it as its query timeout, and a transaction past it is rolled back.
     */
    @Bean
    @Primary
    JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory, RequestLimitSettings limits) {
        JpaTransactionManager transactionManager = new JpaTransactionManager(entityManagerFactory);
        transactionManager.setDefaultTimeout((int) limits.timeout().toSeconds());
        return transactionManager;
    }

    static Properties hibernateProperties(String jdbcUrl, JpaProperties jpaProperties) {
        Properties properties = new Properties();
        properties.put("hibernate.dialect", HibernateDialects.forJdbcUrl(jdbcUrl));
        properties.put("hibernate.hbm2ddl.auto", "update");
        properties.put("hibernate.format_sql", "false");
        properties.put("hibernate.show_sql", "false");
        properties.put("hibernate.jdbc.batch_size", "50");
        properties.put("hibernate.order_inserts", "true");
        properties.put("hibernate.order_updates", "true");
        properties.put("hibernate.search.enabled", "false");
        properties.putAll(jpaProperties.getProperties());
        return properties;
    }
}
