package org.regenregistry.elasticsearch.node;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

/**
 * Runs one Elasticsearch node in this JVM with Elastic's own {@code Node} class, as its bootstrap would, on loopback
 * and single-node discovery. Arguments: home, data folder, logs folder, HTTP port, transport port, the parent's pid.
 * It runs until the JVM is asked to stop (SIGTERM) or the parent process is gone, then closes the node so that its
 * data is flushed.
 *
 * <p>Compiled against the node's jars and packed into the node home, never loaded by the registry's own JVM.
 */
public final class NodeLauncher {

    private static final String NAME = "regen-registry";

    private NodeLauncher() {}

    /** Exits (running the shutdown hook) once the process that started the node has ended, however it ended. */
    private static void watchParent(long pid) {
        ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Settings settings = Settings.builder()
                .put("path.home", home.toString())
                .put("path.data", args[1])
                .put("path.logs", args[2])
                .put("http.port", args[3])
                .put("transport.port", args[4])
                .put("cluster.name", NAME)
                .put("node.name", NAME)
                .put("discovery.type", "single-node")
                .put("network.host", "127.0.0.1")
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("action.auto_create_index", false)
                .build();
        LogConfigurator.setNodeName(NAME);
        LogConfigurator.setClusterName(NAME);
        Environment environment =
                InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> NAME);
        LogConfigurator.configure(environment, true);
        PluginsLoader plugins = PluginsLoader.createPluginsLoader(
                PluginsLoader.loadModulesBundles(environment.modulesDir()),
                PluginsLoader.loadPluginsBundles(environment.pluginsDir()),
                Map.of(),
                false);
        Node node = new Node(environment, plugins).start();

        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.prepareForClose();
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }));
        watchParent(Long.parseLong(args[5]));
        closed.await();
    }
}
