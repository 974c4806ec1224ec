package org.regenregistry.elasticsearch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real, single Elasticsearch node (Elastic's server code from Maven Central) run as a child JVM, for the registry's
 * embedded default and for integration tests: no Docker, no mock. The node home ships inside this jar as {@code
 * node-home.zip} and is unpacked once per Elasticsearch version under the working folder; data and logs stay there
 * across restarts.
 *
 * <p>The node stops with this JVM: on a normal exit through a shutdown hook, and if this JVM is killed the node
 * notices that its parent is gone and stops itself, releasing its ports and its data folder. It binds to 127.0.0.1
 * only. What it lacks compared to the official distribution (modules that are not
 * published on Maven Central: analysis-common, Painless, reindex, ingest) is listed in the README.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    public static final String VERSION = version();

    private static final String LAUNCHER = "org.regenregistry.elasticsearch.node.NodeLauncher";
    private static final Duration POLL = Duration.ofMillis(250);

    private final Process process;
    private final URI httpUri;
    private final Path log;

    private EmbeddedElasticsearch(Process process, URI httpUri, Path log) {
        this.process = process;
        this.httpUri = httpUri;
        this.log = log;
    }

    /**
     * Starts a node whose home, data and logs live under {@code workDir}, and returns once the cluster is at least
     * yellow.
     *
     * @param httpPort the HTTP port, or 0 for a free one
     * @param heap the node's heap, e.g. {@code 512m}
     */
    public static EmbeddedElasticsearch start(Path workDir, int httpPort, String heap, Duration startTimeout)
            throws IOException {
        Path home = unpackHome(workDir.resolve("elasticsearch-" + VERSION));
        Path data = Files.createDirectories(workDir.resolve("data"));
        Path logs = Files.createDirectories(workDir.resolve("logs"));
        Path tmp = Files.createDirectories(workDir.resolve("tmp"));
        int http = httpPort == 0 ? freePort() : httpPort;
        int transport = freePort();
        Path log = logs.resolve("node-console.log");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap,
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                "-Djava.io.tmpdir=" + tmp,
                "-Dio.netty.noUnsafe=true",
                "-Dio.netty.noKeySetOptimization=true",
                "-Dio.netty.recycler.maxCapacityPerThread=0",
                "-Dlog4j.shutdownHookEnabled=false",
                "-Dlog4j2.disable.jmx=true",
                "-Dlog4j2.formatMsgNoLookups=true",
                "-Djava.locale.providers=CLDR",
                "-cp",
                home.resolve("launcher") + File.pathSeparator + home.resolve("lib") + File.separator + "*",
                LAUNCHER,
                home.toString(),
                data.toString(),
                logs.toString(),
                Integer.toString(http),
                Integer.toString(transport),
                Long.toString(ProcessHandle.current().pid())));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EmbeddedElasticsearch node = new EmbeddedElasticsearch(process, URI.create("http://127.0.0.1:" + http), log);
        try {
            node.awaitReady(startTimeout);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** The node's HTTP address, e.g. {@code http://127.0.0.1:9200}. */
    public URI httpUri() {
        return httpUri;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the node as its service would (SIGTERM): it flushes and closes, in about two seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Polls cluster health until yellow. {@code GET /} cannot serve as a health check here: its handler lives in a
     * module that is not published.
     */
    private void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(
                        httpUri.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Elasticsearch exited with " + process.exitValue() + " while starting; see " + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // the node opens its HTTP port late in its start-up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
            }
            sleep();
        }
        throw new IllegalStateException("Elasticsearch was not ready after " + timeout + "; see " + log);
    }

    private static Path unpackHome(Path home) throws IOException {
        Path complete = home.resolve(".unpacked");
        if (Files.exists(complete)) {
            return home;
        }
        try (InputStream zip = EmbeddedElasticsearch.class.getResourceAsStream("node-home.zip")) {
            if (zip == null) {
                throw new IllegalStateException("node-home.zip is missing from the embedded-elasticsearch jar");
            }
            try (ZipInputStream entries = new ZipInputStream(zip)) {
                for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                    Path target = home.resolve(entry.getName()).normalize();
                    if (!target.startsWith(home)) {
                        throw new IOException("Unexpected entry in node-home.zip: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Files.createFile(complete);
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
        }
    }

    private static String version() {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedElasticsearch.class.getResourceAsStream("elasticsearch.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
