package org.regenregistry.search.trial;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHeaders;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/** The official Elasticsearch 8.19 Java client, with dates written as ISO-8601 strings as the mapping expects. */
public final class SearchClients {

    private SearchClients() {}

    /** A client for nodes that need no credentials (the embedded node, tests). */
    public static ElasticsearchClient connect(List<URI> nodes) {
        return connect(new Connection(nodes, null, null, null, null));
    }

    /**
     * A client for a production cluster: basic or API-key authentication, and TLS trusting the cluster's CA certificate
     * (the {@code http_ca.crt} Elasticsearch generates) when the URIs are {@code https}.
     */
    public static ElasticsearchClient connect(Connection connection) {
        RestClientBuilder rest = RestClient.builder(connection.nodes().stream()
                .map(node -> new HttpHost(node.getHost(), node.getPort(), node.getScheme()))
                .toArray(HttpHost[]::new));
        if (connection.apiKey() != null) {
            rest.setDefaultHeaders(
                    new Header[] {new BasicHeader(HttpHeaders.AUTHORIZATION, "ApiKey " + connection.apiKey())});
        }
        rest.setHttpClientConfigCallback(http -> {
            if (connection.username() != null) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(
                        AuthScope.ANY, new UsernamePasswordCredentials(connection.username(), connection.password()));
                http.setDefaultCredentialsProvider(credentials);
            }
            if (connection.caCertificate() != null) {
                http.setSSLContext(sslContext(connection.caCertificate()));
            }
            return http;
        });
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return new ElasticsearchClient(new RestClientTransport(rest.build(), new JacksonJsonpMapper(json)));
    }

    private static SSLContext sslContext(Path caCertificate) {
        try {
            return TransportUtils.sslContextFromHttpCaCrt(caCertificate.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the cluster's CA certificate " + caCertificate, e);
        }
    }

    /**
     * Where the cluster is and how to authenticate; every field but {@code nodes} is optional.
     *
     * @param apiKey an encoded API key, sent as {@code Authorization: ApiKey ...}
     * @param caCertificate a PEM file of the CA that signed the cluster's HTTP certificate
     */
    public record Connection(List<URI> nodes, String username, String password, String apiKey, Path caCertificate) {}
}
