package org.regenregistry.server.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import org.junit.jupiter.api.Test;

class HibernateDialectsTest {

    @Test
    void h2AndPostgresGetHapisOwnDialects() {
        assertThat(HibernateDialects.forJdbcUrl("jdbc:h2:file:./data/h2/registry"))
                .isEqualTo(HapiFhirH2Dialect.class.getName());
        assertThat(HibernateDialects.forJdbcUrl("jdbc:postgresql://db:5432/registry"))
                .isEqualTo(HapiFhirPostgresDialect.class.getName());
    }

    @Test
    void anotherDatabaseIsRefusedByName() {
        assertThatThrownBy(() -> HibernateDialects.forJdbcUrl("jdbc:mysql://db/registry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://db/registry")
                .hasMessageContaining("H2 (embedded) or PostgreSQL");
    }

    @Test
    void explicitHibernatePropertiesWinOverTheDefaults() {
        org.springframework.boot.autoconfigure.orm.jpa.JpaProperties jpa =
                new org.springframework.boot.autoconfigure.orm.jpa.JpaProperties();
        jpa.getProperties().put("hibernate.hbm2ddl.auto", "validate");

        var properties = JpaConfig.hibernateProperties("jdbc:postgresql://db/registry", jpa);

        assertThat(properties.getProperty("hibernate.hbm2ddl.auto")).isEqualTo("validate");
        assertThat(properties.getProperty("hibernate.dialect")).isEqualTo(HapiFhirPostgresDialect.class.getName());
    }
}
