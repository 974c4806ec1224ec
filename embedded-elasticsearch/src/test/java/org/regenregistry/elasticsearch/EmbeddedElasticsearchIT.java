package org.regenregistry.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node starts, indexes and searches over HTTP, stops on request and keeps its data across a restart. */
class EmbeddedElasticsearchIT {

    private static final Duration START = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path workDir;

    @Test
    void aNodeIndexesSearchesAndKeepsItsDataAcrossARestart() throws Exception {
        try (EmbeddedElasticsearch node = EmbeddedElasticsearch.start(workDir, 0, "384m", START)) {
            URI es = node.httpUri();
            assertThat(send(
                                    es,
                                    "PUT",
                                    "/trials-test",
                                    "{\"mappings\":{\"properties\":{\"condition\":{\"type\":\"keyword\"},\"title\":{\"type\":\"text\"}}}}")
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(
                                    es,
                                    "PUT",
                                    "/trials-test/_doc/prp-knee-oa?refresh=true",
                                    "{\"condition\":\"239873007\",\"title\":\"Leukocyte-poor PRP for knee osteoarthritis\"}")
                            .statusCode())
                    .isEqualTo(201);

            HttpResponse<String> found = send(
                    es,
                    "POST",
                    "/trials-test/_search",
                    "{\"query\":{\"bool\":{\"filter\":[{\"term\":{\"condition\":\"239873007\"}}],\"must\":[{\"match\":{\"title\":\"knee\"}}]}}}");
            assertThat(found.body()).contains("\"value\":1").contains("prp-knee-oa");
        }

        try (EmbeddedElasticsearch restarted = EmbeddedElasticsearch.start(workDir, 0, "384m", START)) {
            HttpResponse<String> document = send(restarted.httpUri(), "GET", "/trials-test/_doc/prp-knee-oa", null);
            assertThat(document.statusCode()).isEqualTo(200);
            assertThat(document.body()).contains("Leukocyte-poor PRP for knee osteoarthritis");
            restarted.close();
            assertThat(restarted.isRunning()).isFalse();
        }
    }

    @Test
    void theNodeRunsTheVersionItWasBuiltWith() throws Exception {
        try (EmbeddedElasticsearch node = EmbeddedElasticsearch.start(workDir, 0, "384m", START)) {
            HttpResponse<String> nodes =
                    send(node.httpUri(), "GET", "/_nodes/_local?filter_path=nodes.*.version", null);

            assertThat(nodes.body()).contains("\"version\":\"" + EmbeddedElasticsearch.VERSION + "\"");
            assertThat(node.httpUri().getHost()).isEqualTo("127.0.0.1");
        }
    }

    private HttpResponse<String> send(URI es, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(es.resolve(path)).timeout(Duration.ofSeconds(30));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
