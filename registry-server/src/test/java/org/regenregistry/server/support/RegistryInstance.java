package org.regenregistry.server.support;

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

/**
 * A second registry: the packaged jar in its own process, on the tests' PostgreSQL and Elasticsearch, with the test
 * clients registered, so a test can kill it ({@code SIGKILL}) as an operating system would.
 */
public final class RegistryInstance {

    private static final Path JAR = Path.of("target", "registry-server.jar");

    private RegistryInstance() {}

    /**
     * Starts one and waits until it is ready; its log goes to {@code target/it-logs/<name>.log}.
     *
     * @param options further {@code --property=value} arguments
     */
    public static Process start(String name, int port, String databaseUrl, String elasticsearchUri, String... options)
            throws IOException {
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(name + ".log");
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
                "--registry.security.dev-tokens=false",
                "--logging.file.name=target/it-logs/" + name + ".json"));
        command.addAll(List.of(options));
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

    /** A port nothing listens on. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
