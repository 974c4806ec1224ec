package org.regenregistry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.regenregistry.search.trial.TrialIndex;
import org.regenregistry.server.indexing.SearchNode;
import org.regenregistry.server.support.AwaitOwnConditions;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.TrialTransactions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's run command: the registry on its embedded default (H2 and an Elasticsearch node it starts itself),
 * with nothing set up, takes whole trials from eight clients at once, and keeps its data and its trial index across a
 * restart.
 */
@ExtendWith(AwaitOwnConditions.class)
class EmbeddedDefaultIT {

    @TempDir
    Path dataDir;

    @Test
    void servesFhirAndTrialSearchOnH2AndItsOwnElasticsearchTakesConcurrentTrialsAndKeepsDataAcrossARestart()
            throws Exception {
        IdType id;
        try (ConfigurableApplicationContext registry = start()) {
            FhirHttp fhir = devTokens(port(registry));
            HttpResponse<String> metadata = fhir.anonymous().get("metadata");
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
            fhir.client()
                    .transaction()
                    .withBundle(ExampleTrials.bundle("prp-knee-oa"))
                    .execute();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> trialSearch(fhir, registry), body -> body.contains("\"id\":\"prp-knee-oa\""));

            List<String> trials = TrialTransactions.postConcurrently(fhir, "H2-CONC", 24, 8);
            assertThat(trials).hasSize(24).doesNotHaveDuplicates();
            TrialIndex index = registry.getBean(SearchNode.class).index();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> index.indexedVersions().keySet().containsAll(trials));
        }

        try (ConfigurableApplicationContext registry = start()) {
            FhirHttp fhir = devTokens(port(registry));
            Patient patient = fhir.client()
                    .read()
                    .resource(Patient.class)
                    .withId(id.toVersionless())
                    .execute();
            assertThat(patient.getActive()).isTrue();
            assertThat(trialSearch(fhir, registry)).contains("\"id\":\"prp-knee-oa\"");
        }
    }

    /**
     * The registry as the README has a newcomer talk to it: with a token from {@code POST /dev/token}, writing as
     * site st-olaf and reading what it wrote.
     */
    private static FhirHttp devTokens(int port) {
        FhirHttp anonymous = new FhirHttp(port).anonymous();
        HttpResponse<String> token = anonymous.post(
                "http://localhost:" + port + "/dev/token?role=site&site=st-olaf",
                "text/plain",
                "",
                "Accept",
                "text/plain");
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return anonymous.bearer(token.body());
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(RegistryServerApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("h2/registry")
                                + ";DB_CLOSE_ON_EXIT=FALSE",
                        "--registry.search.embedded.work-dir=" + dataDir.resolve("elasticsearch"),
                        "--logging.file.name=" + dataDir.resolve("logs/registry.json"));
    }

    /** The embedded Elasticsearch node's answer to {@code /api/trials}. */
    private static String trialSearch(FhirHttp fhir, ConfigurableApplicationContext registry) {
        HttpResponse<String> response = fhir.get(
                "http://localhost:" + port(registry) + "/api/trials?q=knee&size=100", "Accept", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
