package org.regenregistry.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.SearchIndexSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A second registry instance, the packaged jar in its own process on the same database and Elasticsearch, is killed
 * ({@code SIGKILL}) right after a write of 100 trials, while it dispatches them. After it is started again, every
 * trial is in the index exactly once and the index matches the database.
 */
class KilledInstanceIT extends SearchIndexSupport {

    private static final int TRIALS = 100;
    private static final Path JAR = Path.of("target", "registry-server.jar");

    @Autowired
    TrialIndexRebuild rebuild;

    @Value("${spring.datasource.url}")
    String databaseUrl;

    @Value("${registry.search.elasticsearch.uris}")
    String elasticsearchUri;

    private Process instance;

    @AfterEach
    void stopInstance() {
        if (instance != null) {
            instance.destroyForcibly();
        }
    }

    @Test
    void nothingIsMissingOrDuplicatedAfterAnInstanceIsKilledMidDispatchAndRestarted() throws Exception {
        int port = freePort();
        instance = start(port);
        FhirHttp other = new FhirHttp(port);

        List<String> ids = writeTrials(other.client(), "RR-KILLED-", TRIALS);
        instance.destroyForcibly().waitFor();
        instance = start(port);

        await().atMost(Duration.ofMinutes(1)).until(() -> outbox.depth() == 0);
        ids.forEach(id -> assertThat(indexed(id)).as("trial %s", id).isNotNull());
        awaitSearchableCount("RR-KILLED-", TRIALS);
        assertThat(ids).hasSize(TRIALS).doesNotHaveDuplicates();
        TrialIndexRebuild.Consistency consistency = rebuild.check();
        assertThat(consistency.consistent()).as(consistency.toString()).isTrue();
    }

    /** The packaged registry, on this test's PostgreSQL and Elasticsearch, ready to serve. */
    private Process start(int port) throws IOException {
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve("killed-instance.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-jar",
                JAR.toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--registry.search.elasticsearch.uris=" + elasticsearchUri,
                "--registry.search.dispatch.lease=3s",
                "--registry.security.dev-tokens=false",
                "--logging.file.name=target/it-logs/killed-instance.json"));
        SecurityClientsInitializer.properties().forEach(property -> command.add("--" + property));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        FhirHttp http = new FhirHttp(port);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(process.isAlive())
                            .as("the instance died, see %s", log)
                            .isTrue();
                    try {
                        HttpResponse<String> ready = http.get(
                                "http://localhost:" + port + "/actuator/health/readiness",
                                "Accept",
                                "application/json");
                        return ready.statusCode() == 200;
                    } catch (RuntimeException notYet) {
                        return false;
                    }
                });
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
