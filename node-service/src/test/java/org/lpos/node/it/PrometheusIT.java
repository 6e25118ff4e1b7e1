package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lpos.testing.Eventually.await;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.node.metrics.ScrapeFiles;
import org.lpos.proto.v1.NodeGrpc;

/**
 * The shipped monitoring files against a real Prometheus: a discovery service and four nodes
 * (with the {@code tx-rate} workload) serve {@code /metrics}; Prometheus runs on 127.0.0.1 with
 * the shipped {@code config/monitoring/prometheus.yml} and {@code alerts.yml} (targets written
 * for this test's ports, as {@code ./lpos demo} does). Through Prometheus' HTTP API the test
 * checks that {@code lpos_chain_height > 0} for every node, that every expression of the shipped
 * Grafana dashboard parses and returns data, and that every alert rule loaded, evaluates without
 * error, refers only to metrics that exist, does not fire on this healthy network, and (but for
 * the catching-up rule) has no match on it at all. Skipped, with
 * the reason, only when the {@code prometheus} binary is not installed.
 */
class PrometheusIT {
  private static final Path MONITORING = LaunchedProcesses.HOME.resolve("config/monitoring");
  private static final Pattern METRIC_NAME = Pattern.compile("\\b(lpos_[a-z0-9_]+|up)\\b");
  /** Rules whose expression has no match at all on a healthy network (a node may catch up briefly). */
  private static final Set<String> QUIET_WHEN_HEALTHY = Set.of("LposEquivocationSeen", "LposHeightStalled",
      "LposTargetDown");
  private static final String SKIP_REASON = "PrometheusIT SKIPPED: no prometheus binary on PATH; install Debian's"
      + " package (apt-get install -y prometheus, as .ci/run does) to run the Prometheus integration test";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void shippedDashboardAndAlertsWorkAgainstALocalNetwork(@TempDir Path dir) throws Exception {
    Optional<Path> prometheus = onPath("prometheus");
    if (prometheus.isEmpty()) {
      // Said on the console too: Maven's summary shows only a count of skipped tests.
      System.err.println(SKIP_REASON);
    }
    assumeTrue(prometheus.isPresent(), SKIP_REASON);
    Path membersFile = LaunchedProcesses.HOME.resolve("data/members.json");
    Path chainFile = writeChain(dir, MemberFiles.readMembers(membersFile).subList(0, 4));
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int discoveryMetrics = LaunchedProcesses.freePort();
      int discoveryPort = run.discovery("discovery", List.of("-n", "4", "-t", "1", "-m", "4", "-l", "4",
          "--fan-out", "0", "--inst", "1", "tx-rate", "20", "--members", membersFile.toString(),
          "--metrics-port", String.valueOf(discoveryMetrics)));
      List<String> nodeTargets = new ArrayList<>();
      List<NodeGrpc.NodeBlockingStub> nodes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int port = LaunchedProcesses.freePort();
        int metricsPort = LaunchedProcesses.freePort();
        run.lpos("node-" + i, List.of("node", String.valueOf(port), "4", "1", "4", "--host", "127.0.0.1",
            "--discovery", "127.0.0.1:" + discoveryPort, "--chain", chainFile.toString(), "--fan-out", "0",
            "--name", "node-" + i, "--metrics-port", String.valueOf(metricsPort)));
        nodeTargets.add("127.0.0.1:" + metricsPort);
        nodes.add(run.node(port));
      }
      Path config = ScrapeFiles.write(MONITORING, dir.resolve("monitoring"), "127.0.0.1:" + discoveryMetrics,
          nodeTargets);
      promtool(run, "check", "config", config.toString());
      int webPort = LaunchedProcesses.freePort();
      run.program("prometheus", List.of(prometheus.get().toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + webPort));
      String api = "http://127.0.0.1:" + webPort + "/api/v1/";
      await("four nodes committing", 120, () -> nodes.stream().allMatch(n -> LaunchedProcesses.height(n) >= 3),
          () -> "; heights " + nodes.stream().map(LaunchedProcesses::height).toList() + run.tails(15));

      await("lpos_chain_height > 0 for node-0..3 in Prometheus", 180, () -> {
        Set<String> positive = new TreeSet<>();
        for (JsonElement r : query(api, "lpos_chain_height > 0")) {
          positive.add(r.getAsJsonObject().getAsJsonObject("metric").get("node").getAsString());
        }
        return positive.equals(Set.of("node-0", "node-1", "node-2", "node-3"));
      }, () -> "(Prometheus log: " + run.output("prometheus").lines().reduce((a, b) -> b).orElse("") + ")");

      Map<String, String> dashboard = dashboardExpressions();
      assertTrue(dashboard.size() >= 20, "dashboard expressions: " + dashboard.size());
      Set<String> empty = new LinkedHashSet<>(dashboard.keySet());
      await("every dashboard expression to return data", 180, () -> {
        empty.removeIf(title -> !query(api, dashboard.get(title)).isEmpty());
        return empty.isEmpty();
      }, () -> "; still empty: " + empty);

      List<JsonObject> rules = new ArrayList<>();
      await("the alert rules to be evaluated", 60, () -> {
        rules.clear();
        for (JsonElement g : data(get(api + "rules")).getAsJsonObject().getAsJsonArray("groups")) {
          g.getAsJsonObject().getAsJsonArray("rules").forEach(r -> rules.add(r.getAsJsonObject()));
        }
        return !rules.isEmpty() && rules.stream().allMatch(r -> !r.get("health").getAsString().equals("unknown"));
      });
      Set<String> names = new TreeSet<>();
      for (JsonObject rule : rules) {
        String name = rule.get("name").getAsString();
        String expr = rule.get("query").getAsString();
        names.add(name);
        assertEquals("ok", rule.get("health").getAsString(), name + ": " + rule.get("lastError"));
        assertTrue(!rule.get("state").getAsString().equals("firing"), name + " fires on a healthy network");
        JsonArray matches = query(api, expr);
        if (QUIET_WHEN_HEALTHY.contains(name)) {
          assertEquals(0, matches.size(), name + " matches on a healthy network: " + expr + " " + matches);
        }
        Matcher m = METRIC_NAME.matcher(expr);
        while (m.find()) {
          assertTrue(!query(api, m.group(1)).isEmpty(), name + " refers to " + m.group(1) + ", which no target exports");
        }
      }
      assertEquals(Set.of("LposEquivocationSeen", "LposHeightStalled", "LposNodeCatchingUpForLong", "LposTargetDown"),
          names, "alert rules loaded from the shipped alerts.yml");
    }
  }

  private static Path writeChain(Path dir, List<Member> members) throws IOException {
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (Member m : members) {
      allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 250_000));
    }
    return TestChains.write(dir, "lpos-prometheus-it", "prometheus-it", 4, allocations);
  }

  /** Panel title (and target) to expression, for every query in the shipped dashboard. */
  static Map<String, String> dashboardExpressions() throws IOException {
    JsonObject dashboard = JsonParser.parseString(Files.readString(MONITORING.resolve("grafana-dashboard.json")))
        .getAsJsonObject();
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonElement p : dashboard.getAsJsonArray("panels")) {
      JsonObject panel = p.getAsJsonObject();
      if (!panel.has("targets")) {
        continue;
      }
      for (JsonElement t : panel.getAsJsonArray("targets")) {
        JsonObject target = t.getAsJsonObject();
        out.put(panel.get("title").getAsString() + " [" + target.get("refId").getAsString() + "]",
            target.get("expr").getAsString());
      }
    }
    return out;
  }

  /** Runs {@code promtool ARGS} when promtool is installed; it must succeed. */
  private static void promtool(LaunchedProcesses run, String... args) throws Exception {
    Optional<Path> promtool = onPath("promtool");
    if (promtool.isEmpty()) {
      return;
    }
    List<String> cmd = new ArrayList<>(List.of(promtool.get().toString()));
    cmd.addAll(List.of(args));
    Process p = run.program("promtool", cmd);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished");
    assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + ": " + run.output("promtool"));
  }

  /** The result vector of an instant query; fails the test if Prometheus rejects the expression. */
  private static JsonArray query(String api, String expr) {
    JsonObject data = data(get(api + "query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8))).getAsJsonObject();
    assertEquals("vector", data.get("resultType").getAsString(), expr);
    return data.getAsJsonArray("result");
  }

  private static JsonElement data(JsonObject response) {
    assertEquals("success", response.get("status").getAsString(), String.valueOf(response));
    return response.get("data");
  }

  /** GETs a Prometheus API URL; while Prometheus is not up yet, an empty successful answer. */
  private static JsonObject get(String url) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return JsonParser.parseString(r.body()).getAsJsonObject();
    } catch (IOException notUpYet) {
      JsonObject none = new JsonObject();
      none.addProperty("status", "success");
      JsonObject data = new JsonObject();
      data.addProperty("resultType", "vector");
      data.add("result", new JsonArray());
      data.add("groups", new JsonArray());
      none.add("data", data);
      return none;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Optional<Path> onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
