package org.regenregistry.search.trial;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import java.util.List;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

/** The official Elasticsearch 8.19 Java client, with dates written as ISO-8601 strings as the mapping expects. */
public final class SearchClients {

    private SearchClients() {}

    public static ElasticsearchClient connect(List<URI> nodes) {
        RestClient rest = RestClient.builder(nodes.stream()
                        .map(node -> new HttpHost(node.getHost(), node.getPort(), node.getScheme()))
                        .toArray(HttpHost[]::new))
                .build();
        ObjectMapper json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(json)));
    }
}
