/**
 * The server's wiring: HAPI FHIR JPA on Spring Boot (storage settings, dialects, the FHIR endpoint), the database's
 * timeouts, the request limits, and the registry's schema ({@code RR_*} tables by Flyway). It knows no feature
 * package; the features plug into it.
 */
package org.regenregistry.server.system;
