package org.regenregistry.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchClientAutoConfiguration;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * regen-registry: a FHIR R4 registry of regenerative-therapy trials.
 *
 * <p>Boot's Elasticsearch client auto-configuration is off: HAPI brings the client jars, and the registry's own
 * index (module search-index) is to be wired explicitly, not by auto-configuration.
 */
@SpringBootApplication(
        exclude = {ElasticsearchRestClientAutoConfiguration.class, ElasticsearchClientAutoConfiguration.class})
@ConfigurationPropertiesScan
public class RegistryServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(RegistryServerApplication.class, args);
    }
}
