package org.regenregistry.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A <a href="https://hl7.org/fhir/uv/bulkdata/export.html">Bulk Data export</a> as a client runs one. */
public final class BulkExports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BulkExports() {}

    /** Kicks an export off as {@code caller} and answers its status URL. */
    public static String kickOff(FhirHttp caller, String kickOff) {
        HttpResponse<String> accepted = caller.get(kickOff, "Prefer", "respond-async");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return accepted.headers().firstValue("Content-Location").orElseThrow();
    }

    /** Polls {@code status} as {@code caller} until the export is done and returns the manifest. */
    public static JsonNode manifest(FhirHttp caller, String status) throws IOException {
        HttpResponse<String> done = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> caller.get(status, "Accept", "application/json"), response -> {
                    if (response.statusCode() == 202) {
                        assertThat(response.headers().firstValue("X-Progress")).isPresent();
                    }
                    return response.statusCode() != 202;
                });
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        return JSON.readTree(done.body());
    }

    /** Kicks an export off as {@code caller}, waits for it and returns the manifest. */
    public static JsonNode export(FhirHttp caller, String kickOff) throws IOException {
        return manifest(caller, kickOff(caller, kickOff));
    }

    /** Downloads every NDJSON file of {@code type} as {@code caller}; the ids of the resources in them. */
    public static Set<String> ids(FhirHttp caller, JsonNode manifest, String type) throws IOException {
        Set<String> ids = new HashSet<>();
        resources(caller, manifest, type)
                .forEach(resource -> ids.add(resource.get("id").asText()));
        return ids;
    }

    /** Downloads every NDJSON file of {@code type} as {@code caller}; the resources in them. */
    public static List<JsonNode> resources(FhirHttp caller, JsonNode manifest, String type) throws IOException {
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode output : manifest.get("output")) {
            if (!output.get("type").asText().equals(type)) {
                continue;
            }
            HttpResponse<String> file = caller.get(output.get("url").asText(), "Accept", "application/fhir+ndjson");
            assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
            for (String line : file.body().split("\n")) {
                if (!line.isBlank()) {
                    JsonNode resource = JSON.readTree(line);
                    assertThat(resource.get("resourceType").asText()).isEqualTo(type);
                    resources.add(resource);
                }
            }
        }
        return resources;
    }
}
