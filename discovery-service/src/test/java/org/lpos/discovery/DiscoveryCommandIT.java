package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.Instruction;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.WatchInstructionsRequest;

class DiscoveryCommandIT {
  private static final Pattern LISTENING =
      Pattern.compile("discovery listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern HEALTH =
      Pattern.compile("discovery health \\(plaintext\\) on 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return DiscoveryCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("LPOS_HOME", ".."));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpDescribesTheOptions() {
    assertEquals(0, run("--help"));
    for (String option : List.of("--port", "-n", "-t", "-m", "-l", "--members", "--fan-out",
        "--output-dir", "--inst", "DELAY EXPERIMENT [PARAM]", "--host", "--lease-seconds",
        "--timeout", "-d", "-v", "discovery listening on HOST:PORT", "--metrics-port", "--tls", "--health-port",
        "--start-deadline-seconds", "--load_member", "--output_dir", "all or none")) {
      assertTrue(stdout().contains(option), option + " missing from:\n" + stdout());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "-n 4 -t 1|-n, -t and -m go together (all or none): missing -m",
    "-m 4|-n, -t and -m go together (all or none): missing -n, -t",
    "--inst 1 tx-rate 2|--inst needs -n, -t and -m",
    "-n 4 -t 1 -m 1 --start-deadline-seconds -1|--start-deadline-seconds must be >= 0 (0 = no deadline)",
    "-n 4 -t 1 -m 1 --start-deadline-seconds x|Invalid value for option '--start-deadline-seconds'",
    "-n 4 -t 2 -m 1|-t 2 Byzantine nodes is not tolerable with -n 4",
    "-n 0 -t 0 -m 1|-n (senate seats) must be >= 1",
    "-n 4 -t 1 -m x|Invalid value for option '-m'",
    "-n 4 -t 1 -m 1 --port 70000|--port must be 0-65535",
    "-n 4 -t 1 -m 1 --metrics-port -1|--metrics-port must be 0-65535",
    "-n 4 -t 1 -m 1 --inst 1 nope 2|--inst: unknown experiment 'nope'",
    "-n 4 -t 1 -m 1 --inst 1 tx-rate|--inst: tx-rate needs a parameter",
    "-n 4 -t 1 -m 1 --inst 1 tx-rate 0|--inst: tx-rate needs a rate R",
    "-n 4 -t 1 -m 1 --inst 1 tx-rate 1 --inst 1 tx-rate 2|--inst takes DELAY EXPERIMENT [PARAM] once",
    "-n 4 -t 1 -m 1 -d -v|-d and -v are exclusive",
    "-n 4 -t 1 -m 3 -l 2|-m 3 exceeds -l 2",
    "-n 4 -t 1 -m 1 -l 1 --members /nonexistent/m.json|--members: cannot read /nonexistent/m.json",
    "-n 4 -t 1 -m 1 -l 100000|-l 100000 exceeds the",
    "-n 4 -t 1 -m 1 --bogus|Unknown option: '--bogus'"})
  void badInputIsOneLineOnStderrAndExitCodeTwo(String args, String expected) {
    assertEquals(2, run(args.split(" ")));
    String[] lines = stderr().split("\\R");
    assertEquals(1, lines.length, stderr());
    assertTrue(lines[0].startsWith("lpos discovery: "), lines[0]);
    assertTrue(lines[0].contains(expected), lines[0]);
    assertFalse(lines[0].contains("Exception"), lines[0]);
    assertEquals("", stdout());
  }

  @Test
  void aPortInUseIsOneLineAndExitCodeOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertEquals(1, run("--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()),
          "-n", "1", "-t", "0", "-m", "1"));
    }
    assertEquals(1, stderr().split("\\R").length, stderr());
    assertTrue(stderr().startsWith("lpos discovery: cannot listen on 127.0.0.1:"), stderr());
  }

  /** A plaintext client cannot register with a TLS discovery port. */
  private static void assertPlaintextRefused(int port) throws InterruptedException {
    ManagedChannel plaintext = Grpc.newChannelBuilderForAddress(
        "127.0.0.1", port, InsecureChannelCredentials.create()).build();
    try {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> DiscoveryGrpc
          .newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS)
          .register(RegisterRequest.newBuilder().setNodeName("plain").setAddress("10.1.0.9:1").build()));
      assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.toString());
    } finally {
      plaintext.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The original's {@code --inst 5 bootstrap-only}: two words, followed by more options. */
  @Test
  void anInstructionWithoutAParameterIsAccepted() throws Exception {
    Path output = dir.resolve("inst");
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(
        "--host", "127.0.0.1", "--port", "0", "-n", "4", "-t", "1", "-m", "1", "--inst", "5", "bootstrap-only",
        "--timeout", "1", "--output-dir", output.toString(), "-v"));
    assertEquals(0, exit.get(30, TimeUnit.SECONDS), stderr());
    String log = Files.readString(output.resolve("discovery.log"));
    assertTrue(log.contains("inst=5 bootstrap-only"), log);
  }

  @Test
  void offPrintsTheDebugOnlyWarning() throws Exception {
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(
        "--host", "127.0.0.1", "--port", "0", "-n", "4", "-t", "1", "-m", "1", "--timeout", "1",
        "--tls=off"));
    assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    assertTrue(stderr().contains(DiscoveryTls.OFF_WARNING), stderr());
  }

  @Test
  void runsUntilTheTimeoutServingNodesAndWritingTheOutputDirectory() throws Exception {
    Path output = dir.resolve("out");
    // Members are claimed in order: alpha gets member 0, beta member 1 (loaded before the clock runs).
    List<KeyPair> keys = List.of(DiscoveryMetricsIT.dataMemberKey(0), DiscoveryMetricsIT.dataMemberKey(1));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(
        "--host", "127.0.0.1", "--port", "0", "-n", "7", "-t", "2", "-m", "2", "-l", "3",
        "--inst", "1", "tx-rate-random", "4", "--fan-out", "1", "--timeout", "10",
        "--output-dir", output.toString(), "--health-port", "0"));
    int port = awaitListeningPort();
    int healthPort = awaitHealthPort();

    assertPlaintextRefused(port);
    ManagedChannel health = Grpc.newChannelBuilderForAddress(
        "127.0.0.1", healthPort, InsecureChannelCredentials.create()).build();
    try {
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(health)
          .withDeadlineAfter(10, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance()).getStatus());
    } finally {
      health.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    ManagedChannel channel = Grpc.newChannelBuilderForAddress(
        "127.0.0.1", port, TlsChannelCredentials.newBuilder()
            .trustManager(InsecureTrustManagerFactory.INSTANCE.getTrustManagers()).build()).build();
    List<String> ids = new ArrayList<>();
    try {
      DiscoveryGrpc.DiscoveryBlockingStub discovery =
          DiscoveryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
      for (String name : List.of("alpha", "beta")) {
        int index = discovery.claimMember(ClaimMemberRequest.newBuilder().setNodeName(name).build())
            .getAssignment().getIndex();
        ids.add(discovery.register(Fixtures.signed(keys.get(index), "10.1.0.1:8124", name, 1)).getNodeId());
      }
      Iterator<Instruction> watch = discovery.watchInstructions(
          WatchInstructionsRequest.newBuilder().setNodeId(ids.get(0)).build());
      Instruction instruction = watch.next();
      assertEquals(Experiment.EXPERIMENT_TX_RATE_RANDOM, instruction.getExperiment());
      assertEquals(4.0, instruction.getParam());
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }

    assertEquals(0, exit.get(30, TimeUnit.SECONDS));
    List<String> csv = Files.readAllLines(output.resolve("registrations.csv"));
    assertEquals(3, csv.size(), csv.toString());
    assertTrue(csv.get(1).contains("," + ids.get(0) + ",alpha,10.1.0.1:8124,"), csv.get(1));
    assertTrue(csv.get(2).endsWith(",1"), csv.get(2));
    String log = Files.readString(output.resolve("discovery.log"));
    assertTrue(log.contains("config n=7 t=2 m=2 l=3 members=../data/members.json"), log);
    assertTrue(log.contains("experiment=tx-rate-random param=4.0"), log);
    assertTrue(log.strip().endsWith("stopped"), log);
  }

  @Test
  void withoutNTAndMItOnlyRegistersNodesAndServesSamples() throws Exception {
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(
        "--host", "127.0.0.1", "--port", "0", "--timeout", "3", "--tls=off"));
    int port = awaitListeningPort();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress(
        "127.0.0.1", port, InsecureChannelCredentials.create()).build();
    try {
      DiscoveryGrpc.DiscoveryBlockingStub discovery =
          DiscoveryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
      discovery.register(Fixtures.signed(Fixtures.keyPair(1), "10.1.0.1:1", "a", 1));
      RegisterResponse b = discovery.register(Fixtures.signed(Fixtures.keyPair(2), "10.1.0.2:1", "b", 2));
      assertEquals("a", b.getPeers(0).getNodeName());
      assertEquals(0, b.getExpected());
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    assertEquals(0, exit.get(60, TimeUnit.SECONDS), stderr());
    assertEquals("", stderr().strip().replace(DiscoveryTls.OFF_WARNING, "").strip());
  }

  @Test
  void theOriginalsGumbyLineIsAcceptedWithItsSpellings() throws Exception {
    Path output = dir.resolve("gumby");
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(
        "--host", "127.0.0.1", "--port", "0", "--timeout", "1",
        "-n", "1", "-t", "0", "-m", "40", "-l", "100", "--fan-out", "5", "--output_dir", output.toString(),
        "--inst", "30", "tx-n-outputs", "20", "--tls=off"));
    assertEquals(0, exit.get(60, TimeUnit.SECONDS), stderr());
    String log = Files.readString(output.resolve("discovery.log"));
    assertTrue(log.contains("config n=1 t=0 m=40 l=100 "), log);
    assertTrue(log.contains(" fan_out=5 "), log);
    assertTrue(log.contains(" start_deadline_seconds=120 "), log);
  }

  @Test
  void whenTheExpectedNodesDoNotArriveByTheDeadlineItExitsOneWithAOneLineReason() throws Exception {
    Path output = dir.resolve("late");
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(
        "--host", "127.0.0.1", "--port", "0", "-n", "1", "-t", "0", "-m", "2",
        "--inst", "0", "tx-rate", "1", "--start-deadline-seconds", "1", "--timeout", "600",
        "--output-dir", output.toString(), "--tls=off"));
    int port = awaitListeningPort();
    ManagedChannel channel = Grpc.newChannelBuilderForAddress(
        "127.0.0.1", port, InsecureChannelCredentials.create()).build();
    try {
      DiscoveryGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .register(Fixtures.signed(Fixtures.keyPair(1), "10.1.0.1:1", "alone", 1));
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
    assertEquals(1, exit.get(60, TimeUnit.SECONDS));
    String reason = "lpos discovery: only 1 of 2 expected nodes (-m) registered within 1 s of the first"
        + " (--start-deadline-seconds); giving up the experiment";
    List<String> lines = stderr().lines().filter(l -> !l.equals(DiscoveryTls.OFF_WARNING)).toList();
    assertEquals(List.of(reason), lines);
    String log = Files.readString(output.resolve("discovery.log"));
    assertTrue(log.contains("start deadline missed: only 1 of 2"), log);
    assertTrue(log.strip().endsWith("stopped"), log);
  }

  /** Polls stdout for the listening line, with a deadline. */
  private int awaitListeningPort() {
    return awaitPort(LISTENING);
  }

  private int awaitHealthPort() {
    return awaitPort(HEALTH);
  }

  private int awaitPort(Pattern line) {
    try {
      Matcher matcher = Awaitility.await("a line " + line + " on stdout").atMost(Duration.ofSeconds(20))
          .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
          .until(() -> line.matcher(stdout()), Matcher::find);
      return Integer.parseInt(matcher.group(1));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("no line " + line + "; stderr: " + stderr(), e);
    }
  }
}
