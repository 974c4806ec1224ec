package org.regenregistry.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.regenregistry.elasticsearch.EmbeddedElasticsearch;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points the registry at a real Elasticsearch node (module embedded-elasticsearch) that the tests own, started once
 * per test JVM on a fixed port so that a test can stop it (Elasticsearch down) and start it again on the same data
 * while the registry keeps its client.
 */
public class EmbeddedElasticsearchInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final Path WORK_DIR = Path.of("target", "it-elasticsearch");
    private static EmbeddedElasticsearch node;
    private static int port;
    private static boolean wiped;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("registry.search.elasticsearch.uris=" + start()).applyTo(context);
    }

    /** The node's address, starting it if it is not running. */
    public static synchronized URI start() {
        if (node == null || !node.isRunning()) {
            try {
                wipeDataOfEarlierRuns();
                node = EmbeddedElasticsearch.start(WORK_DIR, port, "512m", Duration.ofMinutes(2));
            } catch (IOException e) {
                throw new UncheckedIOException("Elasticsearch did not start", e);
            }
            port = node.httpUri().getPort();
        }
        return node.httpUri();
    }

    /**
     * Each test JVM starts on a new PostgreSQL database, whose resource ids start again from 1: an index left by an
     * earlier run would hold those ids at higher revisions and refuse the new documents as stale.
     */
    private static void wipeDataOfEarlierRuns() throws IOException {
        if (wiped) {
            return;
        }
        Path data = WORK_DIR.resolve("data");
        if (Files.exists(data)) {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        wiped = true;
    }

    /** Stops the node, as if the cluster went away; {@link #start()} brings it back with its data. */
    public static synchronized void stop() {
        if (node != null) {
            node.close();
        }
    }
}
