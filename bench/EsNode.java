import java.nio.file.Path;
import java.time.Duration;
import org.regenregistry.elasticsearch.EmbeddedElasticsearch;

/**
 * Runs one Elasticsearch node, as the registry's embedded default does, until this process is stopped (SIGTERM stops
 * the node too): the load benchmark stops and starts it while the registry runs. Usage, from the repository root:
 * {@code java -cp embedded-elasticsearch/target/embedded-elasticsearch-*.jar bench/EsNode.java <work-dir> <http-port>}
 */
public class EsNode {

    public static void main(String[] args) throws Exception {
        EmbeddedElasticsearch node =
                EmbeddedElasticsearch.start(Path.of(args[0]), Integer.parseInt(args[1]), "512m", Duration.ofMinutes(3));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        System.out.println("Elasticsearch at " + node.httpUri());
        Thread.currentThread().join();
    }
}
