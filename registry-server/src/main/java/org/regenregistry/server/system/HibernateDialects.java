package org.regenregistry.server.system;

import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;

/**
 * Picks HAPI's own Hibernate dialect for the database behind a JDBC URL. HAPI needs its dialects (not Hibernate's
 * plain ones) for its column types and index names; only the two databases the registry is tested on are accepted.
 */
final class HibernateDialects {

    private HibernateDialects() {}

    static String forJdbcUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("No JDBC URL is configured (spring.datasource.url)");
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return HapiFhirH2Dialect.class.getName();
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return HapiFhirPostgresDialect.class.getName();
        }
        throw new IllegalArgumentException(
                "Unsupported database '" + jdbcUrl + "': regen-registry runs on H2 (embedded) or PostgreSQL");
    }
}
