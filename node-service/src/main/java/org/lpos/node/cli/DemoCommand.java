package org.lpos.node.cli;

import com.google.gson.GsonBuilder;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.lpos.chain.chainfile.ChainFileException;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.chain.senate.Quorum;
import org.lpos.node.metrics.ScrapeFiles;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lpos demo}: a local network in one command. It writes a chain whose stake belongs to
 * the first {@code --nodes} members, starts one discovery service and the nodes as separate
 * processes on 127.0.0.1 (free ports, one output directory), shows a live progress line, stops
 * everything at the end of {@code --duration} or on Ctrl-C, and prints a summary (with
 * {@code --json}, one JSON object as the last line). Exits non-zero if no block was committed
 * or the nodes disagree. Every process serves Prometheus metrics on a free port, and
 * {@code OUT/monitoring/} holds the shipped scrape configuration with targets for those ports.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a local LPOS network (discovery + nodes as processes on 127.0.0.1) and report what it did.")
final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "4", description = "Nodes to start (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--senate", description = "Senate seats N (default: the number of nodes).")
  Integer senate;

  @Option(names = "--experiment", defaultValue = "tx-rate",
      description = "bootstrap-only | tx-rate | tx-rate-random | tx-n-outputs (default ${DEFAULT-VALUE}).")
  String experiment;

  @Option(names = "--param", defaultValue = "200", description = "Rate R per node, or K outputs (default ${DEFAULT-VALUE}).")
  double param;

  @Option(names = "--duration", defaultValue = "60s", description = "How long to run, e.g. 30s or 2m (default ${DEFAULT-VALUE}).")
  String duration;

  @Option(names = "--output-dir", paramLabel = "DIR", description = "Where every process writes (default: out/demo-TIME).")
  Path outputDir;

  @Option(names = "--json", description = "Print the summary as one JSON object on the last line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    int seats = senate == null ? nodes : senate;
    long runMs = parseDuration(duration);
    if (nodes < 1 || nodes > 100) {
      throw new UserInputException("--nodes must be 1-100");
    }
    if (seats < 1) {
      throw new UserInputException("--senate must be at least 1");
    }
    if (!List.of("bootstrap-only", "tx-rate", "tx-rate-random", "tx-n-outputs").contains(experiment)) {
      throw new UserInputException("unknown --experiment " + experiment);
    }
    Path out = outputDir != null ? outputDir
        : ProjectPaths.home().resolve("out").resolve("demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    Files.createDirectories(out);
    Path chain = out.resolve("chain.json");
    writeChain(chain, seats);

    PrintWriter stdout = spec.commandLine().getOut();
    DemoCluster cluster = new DemoCluster(out, chain, nodes, seats, experiment, param);
    Thread hook = new Thread(cluster::stop, "lpos-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      cluster.start();
      stdout.printf("demo: %d nodes, %d seats (quorum %d), %s %s, output in %s%n", nodes, seats, Quorum.quorum(seats),
          experiment, param, out);
      stdout.printf("inspect: grpcurl -plaintext 127.0.0.1:%d lpos.v1.Node/GetStatus%n", cluster.nodePort(0));
      stdout.printf("metrics: http://127.0.0.1:%d/metrics; to scrape them all: prometheus --config.file=%s"
          + " --storage.tsdb.path=%s --web.listen-address=127.0.0.1:9090%n", cluster.metricsPorts.get(1),
          cluster.prometheusConfig, out.resolve("monitoring").resolve("tsdb"));
      stdout.flush();
      long end = System.currentTimeMillis() + runMs;
      boolean terminal = System.console() != null;
      int tick = 0;
      while (System.currentTimeMillis() < end && cluster.allAlive()) {
        Thread.sleep(Math.min(1_000, Math.max(1, end - System.currentTimeMillis())));
        String line = DemoReport.progress(cluster).line();
        if (terminal) {
          stdout.print("\r" + line);
        } else if (++tick % 5 == 0) {
          stdout.println(line.strip());
        }
        stdout.flush();
      }
      if (terminal) {
        stdout.println();
      }
      if (!cluster.allAlive()) {
        stdout.println("demo: a process exited early; see the *.out files in " + out);
      }
    } finally {
      cluster.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and stops the processes itself.
      }
    }
    DemoReport.Summary summary = DemoReport.summary(cluster);
    stdout.println(summary.text());
    if (json) {
      stdout.println(new GsonBuilder().serializeNulls().create().toJson(summary.fields()));
    }
    return summary.blocks() > 0 && summary.nodesAgree() ? 0 : LposCli.CHECK_FAILED;
  }

  private void writeChain(Path file, int seats) throws IOException {
    List<Member> members;
    try {
      members = MemberFiles.readMembers(ProjectPaths.dataDir().resolve("members.json"));
    } catch (ChainFileException e) {
      throw new UserInputException(e.getMessage());
    }
    if (members.size() < nodes) {
      throw new UserInputException("the members file has only " + members.size() + " members");
    }
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      for (int k = 0; k < 4; k++) {
        allocations.add(new GenesisBuilder.Allocation(members.get(i).keys().publicKey(), 250_000));
      }
    }
    ChainParams params = ChainParams.newBuilder().setChainId("lpos-demo").setSenateSeats(seats)
        .setMaxBlockTransactions(10_000).setMaxBlockBytes(4 << 20).build();
    ChainFile chain = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8("lpos-demo"), System.currentTimeMillis(),
            allocations))).build();
    ChainFiles.write(file, chain);
  }

  static long parseDuration(String text) {
    try {
      String t = text.trim().toLowerCase(Locale.ROOT);
      if (t.endsWith("ms")) {
        return Long.parseLong(t.substring(0, t.length() - 2));
      }
      if (t.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))).toMillis();
      }
      return Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t)).toMillis();
    } catch (NumberFormatException e) {
      throw new UserInputException("--duration must look like 60s, 2m or 500ms: " + text);
    }
  }

  /** A free TCP port on 127.0.0.1 (closed again before use; a race with other programs is possible). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** The processes of one demo. */
  static final class DemoCluster {
    final Path out;
    final Path chain;
    final int nodes;
    final int seats;
    final String experiment;
    final double param;
    final List<Process> processes = new ArrayList<>();
    final List<Integer> ports = new ArrayList<>();
    /** Discovery's metrics port first, then each node's. */
    final List<Integer> metricsPorts = new ArrayList<>();
    Path prometheusConfig;
    long startedMs;

    DemoCluster(Path out, Path chain, int nodes, int seats, String experiment, double param) {
      this.out = out;
      this.chain = chain;
      this.nodes = nodes;
      this.seats = seats;
      this.experiment = experiment;
      this.param = param;
    }

    void start() throws IOException, InterruptedException {
      String java = ProcessHandle.current().info().command().orElse("java");
      Path home = ProjectPaths.home().toAbsolutePath();
      int discoveryPort = freePort();
      for (int i = 0; i <= nodes; i++) {
        metricsPorts.add(freePort());
      }
      prometheusConfig = ScrapeFiles.write(home.resolve("config/monitoring"), out.resolve("monitoring"),
          "127.0.0.1:" + metricsPorts.get(0), metricsPorts.subList(1, metricsPorts.size()).stream()
              .map(p -> "127.0.0.1:" + p).toList());
      processes.add(launch(List.of(java, "-jar", home.resolve("discovery-service/target/lpos-discovery.jar").toString(),
          "--host", "127.0.0.1", "--port", String.valueOf(discoveryPort),
          "--metrics-port", String.valueOf(metricsPorts.get(0)), "-n", String.valueOf(seats), "-t", "0",
          "-m", String.valueOf(nodes), "-l", String.valueOf(nodes), "--fan-out", "0",
          "--members", home.resolve("data/members.json").toString(), "--output-dir", out.resolve("discovery").toString(),
          "--inst", "2", experiment, String.valueOf(param)), out.resolve("discovery.out")));
      awaitListening(out.resolve("discovery.out"), "discovery listening");
      for (int i = 0; i < nodes; i++) {
        int port = freePort();
        ports.add(port);
        processes.add(launch(List.of(java, "-Xmx512m", "-jar", home.resolve("node-service/target/lpos.jar").toString(),
            "node", String.valueOf(port), String.valueOf(seats), "0", String.valueOf(nodes),
            "--host", "127.0.0.1", "--advertise", "127.0.0.1", "--discovery", "127.0.0.1:" + discoveryPort,
            "--fan-out", "0", "--chain", chain.toString(), "--output-dir", out.toString(), "--name", "node-" + i, "-v",
            "--metrics-port", String.valueOf(metricsPorts.get(i + 1))),
            out.resolve("node-" + i + ".out")));
      }
      startedMs = System.currentTimeMillis() + 2_000;
    }

    int nodePort(int i) {
      return ports.get(i);
    }

    boolean allAlive() {
      return processes.stream().allMatch(Process::isAlive);
    }

    Path nodeDir(int i) {
      return out.resolve("node-" + i);
    }

    synchronized void stop() {
      for (Process p : processes) {
        p.destroy();
      }
      for (Process p : processes) {
        try {
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          p.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }

    private Process launch(List<String> command, Path log) throws IOException {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("LPOS_HOME", ProjectPaths.home().toAbsolutePath().toString());
      return pb.start();
    }

    private void awaitListening(Path log, String marker) throws IOException, InterruptedException {
      long deadline = System.currentTimeMillis() + 30_000;
      while (System.currentTimeMillis() < deadline) {
        if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(marker)) {
          return;
        }
        if (!processes.get(processes.size() - 1).isAlive()) {
          throw new UserInputException("the discovery service did not start; see " + log);
        }
        Thread.sleep(50);
      }
      throw new UserInputException("the discovery service did not start within 30 s; see " + log);
    }
  }
}
