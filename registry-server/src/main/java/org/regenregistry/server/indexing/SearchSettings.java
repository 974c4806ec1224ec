package org.regenregistry.server.indexing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The trial search index ({@code registry.search.*}): which Elasticsearch to use and how writes reach it.
 *
 * @param elasticsearch an external cluster; when it names no URIs the registry starts its own embedded node
 * @param embedded the embedded node, used when no cluster is configured
 * @param dispatch how the outbox is sent to the index
 */
@Validated
@ConfigurationProperties("registry.search")
public record SearchSettings(
        @DefaultValue @Valid Elasticsearch elasticsearch,
        @DefaultValue @Valid Embedded embedded,
        @DefaultValue @Valid Dispatch dispatch) {

    /**
     * @param uris the cluster's HTTP endpoints, e.g. {@code https://search-1:9200}
     * @param apiKey an encoded API key (takes the place of username and password)
     * @param caCertificate the PEM file of the CA that signed the cluster's HTTP certificate, for {@code https}
     */
    public record Elasticsearch(
            @DefaultValue List<URI> uris, String username, String password, String apiKey, Path caCertificate) {}

    /**
     * @param workDir where the node's home, data and logs live
     * @param httpPort the node's HTTP port, 0 for a free one
     */
    public record Embedded(
            @DefaultValue("./data/elasticsearch") @NotNull Path workDir,
            @DefaultValue("0") @Min(0) int httpPort,
            @DefaultValue("512m") @NotBlank String heap,
            @DefaultValue("2m") @NotNull Duration startTimeout) {}

    /**
     * @param batchSize trials sent per bulk request
     * @param interval how often the outbox is polled when no local write signals it
     * @param lease how long a claimed trial stays with the instance that claimed it; after that (the instance died)
     *     another instance takes it over
     */
    public record Dispatch(
            @DefaultValue("500") @Min(1) int batchSize,
            @DefaultValue("500ms") @NotNull Duration interval,
            @DefaultValue("30s") @NotNull Duration lease) {}
}
