package picket;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.opensearch.common.settings.Settings;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single OpenSearch node for Picket's tests: loopback only, HTTP on a free port, data in a temp
 * directory that is deleted on exit, no security plugin. Prints "OPENSEARCH_URL=http://..." once it
 * serves, and stops when its stdin closes (the test process that started it went away).
 */
public final class OpenSearchTestNode {
  /** Node's constructor that takes classpath plugins is protected: the test framework's MockNode does the same. */
  static final class TestNode extends Node {
    TestNode(Settings settings) {
      super(InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "picket-test"), List.of(Netty4Plugin.class), true);
    }
  }

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("picket-opensearch-");
    Settings settings = Settings.builder()
        .put("cluster.name", "picket-test")
        .put("node.name", "picket-test-node")
        .put("path.home", home.toString())
        .put("path.data", home.resolve("data").toString())
        .put("path.logs", home.resolve("logs").toString())
        .put("network.host", "127.0.0.1")
        .put("http.port", args.length > 0 ? args[0] : "0")
        .put("transport.port", "0")
        .put("discovery.type", "single-node")
        .put("transport.type", "netty4")
        .put("http.type", "netty4")
        // A nearly full test disk must not turn the indices read-only mid-run.
        .put("cluster.routing.allocation.disk.threshold_enabled", false)
        .put("node.processors", 1)
        .build();
    Node node = new TestNode(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, home)));
    node.start();
    InetSocketAddress addr = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().address();
    System.out.println("OPENSEARCH_URL=http://" + addr.getHostString() + ":" + addr.getPort());
    System.out.flush();
    InputStream in = System.in;
    byte[] buf = new byte[256];
    while (in.read(buf) >= 0) {
      // Any input is ignored: the node lives until stdin reaches end of file.
    }
    System.exit(0);
  }

  private static void stop(Node node, Path home) {
    try {
      node.close();
    } catch (IOException | RuntimeException e) {
      System.err.println("closing the node failed: " + e);
    }
    try (Stream<Path> paths = Files.walk(home)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("removing " + home + " failed: " + e);
    }
  }
}
