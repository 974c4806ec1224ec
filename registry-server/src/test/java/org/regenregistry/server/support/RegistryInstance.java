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
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A second registry for a test ({@code @RegisterExtension}): the packaged jar in its own process, on the test
 * registry's PostgreSQL and Elasticsearch, with the test clients registered, so a test can kill it ({@code SIGKILL})
 * as an operating system would and start it again on the same port. It is killed after each test.
 */
public final class RegistryInstance implements BeforeEachCallback, AfterEachCallback {

    private static final Path JAR = Path.of("target", "registry-server.jar");

    private final String name;
    private final List<String> options;
    private Environment environment;
    private int port;
    private Process process;

    /**
     * @param name names its log, {@code target/it-logs/<name>.log}
     * @param options further {@code --property=value} arguments
     */
    public RegistryInstance(String name, String... options) {
        this.name = name;
        this.options = List.of(options);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        environment = SpringExtension.getApplicationContext(context).getEnvironment();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** Starts it and waits until it is ready; the client of its FHIR endpoint. */
    public FhirHttp start() throws IOException {
        Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-jar",
                JAR.toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--registry.search.elasticsearch.uris="
                        + environment.getRequiredProperty("registry.search.elasticsearch.uris"),
                "--registry.security.dev-tokens=false",
                "--logging.file.name=target/it-logs/" + name + ".json"));
        command.addAll(options);
        SecurityClientsInitializer.properties().forEach(property -> command.add("--" + property));
        Process started = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        process = started;
        FhirHttp http = new FhirHttp(port);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    assertThat(started.isAlive())
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
        return http;
    }

    /** Kills it ({@code SIGKILL}) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}
