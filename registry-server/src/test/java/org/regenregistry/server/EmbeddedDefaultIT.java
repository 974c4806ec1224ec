package org.regenregistry.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regenregistry.server.support.FhirHttp;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's run command: the registry on its embedded H2 default, with nothing set up, keeps its data across a
 * restart.
 */
class EmbeddedDefaultIT {

    @TempDir
    Path dataDir;

    @Test
    void servesFhir401OnH2AndKeepsDataAcrossARestart() {
        IdType id;
        try (ConfigurableApplicationContext registry = start()) {
            FhirHttp fhir = new FhirHttp(port(registry));
            HttpResponse<String> metadata = fhir.get("metadata");
            assertThat(metadata.statusCode()).isEqualTo(200);
            assertThat(fhir.parse(CapabilityStatement.class, metadata.body())
                            .getFhirVersion()
                            .toCode())
                    .isEqualTo("4.0.1");
            id = (IdType) fhir.client()
                    .create()
                    .resource(new Patient().setActive(true))
                    .execute()
                    .getId();
        }

        try (ConfigurableApplicationContext registry = start()) {
            FhirHttp fhir = new FhirHttp(port(registry));
            Patient patient = fhir.client()
                    .read()
                    .resource(Patient.class)
                    .withId(id.toVersionless())
                    .execute();
            assertThat(patient.getActive()).isTrue();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(RegistryServerApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("h2/registry")
                                + ";DB_CLOSE_ON_EXIT=FALSE",
                        "--logging.file.name=" + dataDir.resolve("logs/registry.json"));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
