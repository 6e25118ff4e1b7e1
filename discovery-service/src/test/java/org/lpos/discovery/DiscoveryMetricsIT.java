package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.DiscoveryGrpc;
import com.google.protobuf.util.JsonFormat;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.MembersFile;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * {@code --metrics-port}: a running discovery service serves {@code /metrics} with its
 * registered nodes, the instructions it delivered and its gRPC calls; and every discovery metric
 * the shipped dashboard names is one the service exports.
 */
class DiscoveryMetricsIT {
  private static final Pattern METRICS = Pattern.compile("discovery metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
  private static final Pattern LISTENING = Pattern.compile("discovery listening on 127\\.0\\.0\\.1:(\\d+)");
  /** How long the command runs (--timeout): ample for two registrations and a scrape. */
  private static final int RUN_SECONDS = 10;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void metricsPortServesRegistrationsInstructionsAndCalls() throws Exception {
    int metricsPort = freePort();
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> DiscoveryCommand.run(new String[] {
        "--host", "127.0.0.1", "--port", "0", "--metrics-port", String.valueOf(metricsPort), "-n", "4", "-t", "1",
        "-m", "2", "-l", "2", "--inst", "0", "tx-rate", "5", "--timeout", String.valueOf(RUN_SECONDS),
        "--tls=off"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("LPOS_HOME", "..")));
    int port = awaitLine(LISTENING);
    assertEquals(metricsPort, awaitLine(METRICS));
    ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
        .build();
    try {
      DiscoveryGrpc.DiscoveryBlockingStub discovery =
          DiscoveryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
      List<String> ids = new ArrayList<>();
      for (String name : List.of("alpha", "beta")) {
        // -l 2 over data/members.json: claim a member, then register signed with its key.
        int index = discovery.claimMember(ClaimMemberRequest.newBuilder().setNodeName(name).build())
            .getAssignment().getIndex();
        ids.add(discovery.register(Fixtures.signed(dataMemberKey(index), "127.0.0.1:1", name, 1)).getNodeId());
      }
      discovery.watchInstructions(WatchInstructionsRequest.newBuilder().setNodeId(ids.get(0)).build()).next();
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    String text = response.body();
    assertTrue(text.contains("\nlpos_discovery_registered_nodes 2.0\n"), text);
    assertTrue(text.contains("\nlpos_discovery_live_nodes 2.0\n"), text);
    assertTrue(text.contains("\nlpos_discovery_instructions_sent_total 1.0\n"), text);
    assertTrue(text.contains("grpc_server_processing_duration_seconds_count{method=\"Register\""), text);
    assertTrue(text.contains("jvm_memory_used_bytes{"), "JVM metrics");
    assertEquals(0, exit.get(RUN_SECONDS + 30, TimeUnit.SECONDS), "stops at --timeout and frees its ports");
  }

  @Test
  void everyDiscoveryMetricTheDashboardNamesIsExported() throws Exception {
    Set<String> named = new TreeSet<>();
    Matcher m = Pattern.compile("\\blpos_discovery_[a-z_]+\\b")
        .matcher(Files.readString(Path.of("..", "config", "monitoring", "grafana-dashboard.json")));
    while (m.find()) {
      named.add(m.group());
    }
    assertEquals(Set.of("lpos_discovery_instructions_sent_total", "lpos_discovery_live_nodes",
        "lpos_discovery_registered_nodes"), named);
    DiscoveryService service = DiscoveryService.create(Fixtures.config(1, 0, 0, Optional.empty(), Optional.empty()),
        List.of(), DiscoveryJournal.open(Optional.empty(), Verbosity.QUIET,
            new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC()), () -> 0,
        System::currentTimeMillis, new SplittableRandom(Fixtures.SEED));
    try (DiscoveryMetrics metrics = new DiscoveryMetrics(service)) {
      String text = metrics.scrape();
      for (String name : named) {
        assertTrue(text.contains("\n" + name + " "), name + " in\n" + text);
      }
    }
  }

  /** Member {@code index}'s key from the shipped members file (insecure test keys). */
  static KeyPair dataMemberKey(int index) throws Exception {
    MembersFile.Builder file = MembersFile.newBuilder();
    JsonFormat.parser().merge(Files.readString(Path.of("..", "data", "members.json")), file);
    return KeyPair.fromSeed(file.getMembers(index).getSecretKey());
  }

  private int awaitLine(Pattern pattern) {
    try {
      Matcher matcher = Awaitility.await("a line " + pattern + " on stdout").atMost(Duration.ofSeconds(20))
          .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
          .until(() -> pattern.matcher(out.toString(StandardCharsets.UTF_8)), Matcher::find);
      return Integer.parseInt(matcher.group(1));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no line " + pattern + "; stderr: " + err.toString(StandardCharsets.UTF_8), e);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
