package org.regenregistry.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;

/** What an orchestrator and a monitoring system read: probes and Prometheus metrics. */
class OperationsEndpointsIT extends RegistryClientSupport {

    @Test
    void livenessAndReadinessProbesAreUp() {
        HttpResponse<String> liveness = fhir.get(actuator("health/liveness"), "Accept", "application/json");
        HttpResponse<String> readiness = fhir.get(actuator("health/readiness"), "Accept", "application/json");

        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void healthReportsTheDatabaseToOperationsOnly() {
        HttpResponse<String> health =
                fhir.as(SecurityClientsInitializer.ADMIN).get(actuator("health"), "Accept", "application/json");
        HttpResponse<String> anonymous = fhir.anonymous().get(actuator("health"), "Accept", "application/json");
        HttpResponse<String> site =
                fhir.as(SecurityClientsInitializer.SITE_STAFF).get(actuator("health"), "Accept", "application/json");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"db\"").contains("PostgreSQL");
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("PostgreSQL", "\"db\"");
        assertThat(site.body()).doesNotContain("PostgreSQL");
    }

    @Test
    void prometheusExposesRequestAndPoolMetrics() {
        fhir.get("metadata");

        HttpResponse<String> metrics = fhir.get(actuator("prometheus"), "Accept", "text/plain");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count")
                .contains("hikaricp_connections_active")
                .contains("jvm_memory_used_bytes");
    }

    private String actuator(String path) {
        return "http://localhost:" + port + "/actuator/" + path;
    }
}
