package org.lpos.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.ChainCaches;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.node.consensus.Step;
import org.lpos.node.net.PeerNetwork;

/**
 * The shipped {@code config/monitoring} files without a Prometheus (PrometheusIT runs them in
 * one): every node metric the dashboard and the alert rules name is one a node exports, the
 * dashboard's panels are well formed, and {@link ScrapeFiles} writes the directory the demo uses.
 */
class MonitoringFilesTest {
  private static final Path MONITORING = Path.of("..", "config", "monitoring");
  private static final Pattern NODE_METRIC = Pattern.compile("\\b(lpos_(?!discovery_)[a-z0-9_]+)\\b");

  @Test
  void everyNodeMetricTheDashboardAndAlertsNameIsExported() throws IOException {
    String scrape;
    try (NodeMetrics metrics = new NodeMetrics("n0", ByteString.copyFromUtf8("k"),
        new NodeStatus(1, ByteString.EMPTY, 0, Step.PROPOSE, 0, false, 0, false, null), new ChainCaches());
        PeerNetwork network = new PeerNetwork(TestMembers.derive(1, 1).get(0).keys(), "c", ByteString.EMPTY, 0,
            (from, message) -> { })) {
      metrics.bindNetwork(network);
      scrape = metrics.registry().scrape();
    }
    Set<String> exported = new HashSet<>();
    scrape.lines().filter(l -> !l.startsWith("#")).forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
    Set<String> named = new TreeSet<>();
    for (String file : List.of("grafana-dashboard.json", "alerts.yml")) {
      Matcher m = NODE_METRIC.matcher(Files.readString(MONITORING.resolve(file)));
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertTrue(named.size() >= 15, "node metrics named: " + named);
    Set<String> missing = new TreeSet<>(named);
    missing.removeAll(exported);
    assertEquals(Set.of(), missing, "named in config/monitoring but not exported by a node");
    assertTrue(named.contains("lpos_chain_height"));
  }

  @Test
  void dashboardPanelsAreWellFormed() throws IOException {
    JsonObject dashboard = JsonParser.parseString(Files.readString(MONITORING.resolve("grafana-dashboard.json")))
        .getAsJsonObject();
    Set<Integer> ids = new HashSet<>();
    Set<String> titles = new HashSet<>();
    for (JsonElement e : dashboard.getAsJsonArray("panels")) {
      JsonObject panel = e.getAsJsonObject();
      assertTrue(ids.add(panel.get("id").getAsInt()), "unique panel id " + panel.get("id"));
      JsonObject grid = panel.getAsJsonObject("gridPos");
      assertTrue(grid.get("x").getAsInt() + grid.get("w").getAsInt() <= 24, "fits the 24-column grid: " + panel);
      if (panel.get("type").getAsString().equals("row")) {
        continue;
      }
      titles.add(panel.get("title").getAsString());
      assertEquals("${datasource}", panel.getAsJsonObject("datasource").get("uid").getAsString());
      assertFalse(panel.getAsJsonArray("targets").isEmpty(), panel.get("title") + " has a query");
      for (JsonElement t : panel.getAsJsonArray("targets")) {
        assertFalse(t.getAsJsonObject().get("expr").getAsString().isBlank());
      }
    }
    for (String wanted : List.of("Height per node", "Committed transactions per second", "Commit latency p50 / p99",
        "View changes (5 min)", "Bytes sent per message type", "Peers connected", "Catching up")) {
      assertTrue(titles.contains(wanted), "the issue asks for a panel " + wanted + "; panels: " + titles);
    }
  }

  @Test
  void scrapeFilesCopyTheShippedConfigAndNameTheTargets(@TempDir Path dir) throws IOException {
    Path config = ScrapeFiles.write(MONITORING, dir, "127.0.0.1:9100", List.of("127.0.0.1:9101", "127.0.0.1:9102"));
    assertEquals(Files.readString(MONITORING.resolve("prometheus.yml")), Files.readString(config));
    assertEquals(Files.readString(MONITORING.resolve("alerts.yml")), Files.readString(dir.resolve("alerts.yml")));
    JsonObject nodes = JsonParser.parseString(Files.readString(dir.resolve("targets/nodes.json")))
        .getAsJsonArray().get(0).getAsJsonObject();
    assertEquals("[\"127.0.0.1:9101\",\"127.0.0.1:9102\"]", nodes.getAsJsonArray("targets").toString());
    assertTrue(Files.readString(dir.resolve("targets/discovery.json")).contains("127.0.0.1:9100"));
  }
}
