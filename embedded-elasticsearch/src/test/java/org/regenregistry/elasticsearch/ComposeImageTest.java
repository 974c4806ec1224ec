package org.regenregistry.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The production-like compose stack runs the Elasticsearch version the embedded node and the tests run. */
class ComposeImageTest {

    private static final Pattern IMAGE =
            Pattern.compile("image: docker\\.elastic\\.co/elasticsearch/elasticsearch:(\\S+)");

    @Test
    void theComposeImageIsTheEmbeddedNodesVersion() throws IOException {
        Matcher image = IMAGE.matcher(Files.readString(Path.of("..", "docker", "compose.yaml")));

        assertThat(image.find())
                .as("an Elasticsearch image in docker/compose.yaml")
                .isTrue();
        assertThat(image.group(1)).isEqualTo(EmbeddedElasticsearch.VERSION);
    }
}
