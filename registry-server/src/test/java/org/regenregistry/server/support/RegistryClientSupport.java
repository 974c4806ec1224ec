package org.regenregistry.server.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Base of the integration tests against the shared PostgreSQL-backed registry: raw HTTP and HAPI's client. */
@PostgresRegistryTest
public abstract class RegistryClientSupport {

    @LocalServerPort
    protected int port;

    protected FhirHttp fhir;
    protected IGenericClient client;

    @BeforeEach
    void connect() {
        fhir = new FhirHttp(port);
        client = fhir.client();
    }
}
