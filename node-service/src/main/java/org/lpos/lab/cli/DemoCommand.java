package org.lpos.lab.cli;

import org.lpos.lab.netem.LinkMatrix;
import org.lpos.lab.netem.LinkProfile;
import org.lpos.lab.perturb.HeightTimeline;
import org.lpos.lab.perturb.PerturbationReport;
import org.lpos.lab.perturb.PerturbationSchedule;
import org.lpos.lab.perturb.TimelinePlot;
import org.lpos.node.cli.Durations;
import org.lpos.node.cli.ProjectPaths;
import org.lpos.node.cli.ExitCodes;
import org.lpos.node.cli.UserInputException;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lpos.chain.senate.Quorum;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.proto.v1.Experiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lpos demo}: a local network in one command. It writes a chain whose stake belongs to
 * the first {@code --nodes} members, starts one discovery service and the nodes as separate
 * processes on 127.0.0.1 (free ports, one output directory), shows a live progress line, stops
 * everything at the end of {@code --duration} or on Ctrl-C, and prints a summary (with
 * {@code --json}, one JSON object as the last line). Exits non-zero if no block was committed
 * or the nodes disagree. With {@code --perturb} it applies a fault schedule while it runs,
 * checks the run at the end ({@link PerturbationReport}) and writes {@code timeline.png}; a failed
 * check also exits non-zero. Every process serves Prometheus metrics on a free port, and
 * {@code OUT/monitoring/} holds the shipped scrape configuration with targets for those ports.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a local LPOS network (discovery + nodes as processes on 127.0.0.1) and report what it did.")
public final class DemoCommand implements Callable<Integer> {
  /**
   * A newcomer's first run: a closed loop the cluster sustains from a cold start, so the summary
   * shows the commit latency of a healthy network; {@code --experiment load-rate R} saturates it.
   */
  static final String DEFAULT_EXPERIMENT = "load-closed";

  @Spec CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "4", description = "Nodes to start (default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--senate", description = "Senate seats N (default: the number of nodes).")
  Integer senate;

  @Option(names = "--byzantine", paramLabel = "T", defaultValue = "0",
      description = "Byzantine members among the nodes, the last T (default ${DEFAULT-VALUE}).")
  int byzantine;

  @Option(names = "--byzantine-mode", paramLabel = "MODE", defaultValue = "silent",
      description = "How the Byzantine members misbehave: silent (the default: never started), or equivocate, "
          + "invalid, spam, lie-height, flood-next (started as `lpos node --byzantine-mode MODE`).")
  String byzantineMode;

  @Mixin WorkloadOptions workload;

  @Option(names = "--param", paramLabel = "X",
      description = "The experiment's parameter: W outstanding per node for load-closed (default "
          + ExperimentSpec.DEFAULT_WINDOW + "), R per node for load-rate or tx-rate, K outputs for tx-n-outputs.")
  Double param;

  @Option(names = "--output-dir", paramLabel = "DIR", description = "Where every process writes (default: out/demo-TIME).")
  Path outputDir;

  @Option(names = "--json", description = "Print the summary as one JSON object on the last line.")
  boolean json;

  @Option(names = "--warm-up", defaultValue = "0s",
      description = "Leave the first part of the run out of the summary's rate, latencies, blocks and view changes,"
          + " e.g. 90s while the JVMs compile (default ${DEFAULT-VALUE}: the whole run).")
  String warmUp;

  @Option(names = "--tls", defaultValue = "on", paramLabel = "on|off",
      description = "TLS between the processes (default ${DEFAULT-VALUE}); off only to measure what TLS costs.")
  String tls;

  @Option(names = "--netem", paramLabel = "SPEC",
      description = "Degrade every link between nodes as netem would, e.g. \"delay=50ms jitter=10ms loss=1%% "
          + "rate=100mbit\" (one-way, each direction; made by user-space relays in front of the nodes, since this "
          + "kernel has no netem; default: loopback).")
  String netem;

  @Option(names = "--netem-matrix", paramLabel = "FILE",
      description = "Per-link profiles between regions of nodes from FILE, e.g. config/netem/two-regions.txt (two "
          + "regions 80 ms apart); lines `region NAME I...`, `link A B SPEC`, `default SPEC`. Instead of --netem.")
  Path netemMatrix;

  @Option(names = "--perturb", paramLabel = "SCHEDULE",
      description = "Faults at times after the network is up (a block on every node; --duration then counts "
          + "from there too), e.g. \"kill:node-2@20s,restart:node-2@30s,pause:node-1@40s+8s,"
          + "partition:{0,1}|{2,3}@55s+10s,heal@70s\" (SIGKILL; relaunch on the same data; SIGSTOP then SIGCONT; "
          + "links between the groups cut in relays). The run then checks one chain, value conserved, no honest "
          + "double sign and liveness within " + (int) PerturbationReport.LIVENESS_BOUND_S + " s of the last fault "
          + "(leave that much run after it), and writes timeline.png; a failed check exits non-zero.")
  String perturb;

  /** The matrix of {@code --netem-matrix}, read within its bounds, for this many nodes; refused beside --netem. */
  private Optional<LinkMatrix> readMatrix(LinkProfile links) {
    if (netemMatrix == null) {
      return Optional.empty();
    }
    if (!links.isLoopback()) {
      throw new UserInputException("--netem-matrix replaces --netem: give one of them");
    }
    try {
      if (Files.size(netemMatrix) > LinkMatrix.MAX_CHARS) {
        throw new UserInputException("--netem-matrix: " + netemMatrix + " is larger than " + LinkMatrix.MAX_CHARS
            + " bytes");
      }
      LinkMatrix m = LinkMatrix.parse(Files.readString(netemMatrix, StandardCharsets.UTF_8));
      if (m.highestNode() >= nodes) {
        throw new UserInputException("--netem-matrix: " + netemMatrix + " names node " + m.highestNode() + " but the"
            + " demo runs nodes 0-" + (nodes - 1));
      }
      return Optional.of(m);
    } catch (IOException e) {
      throw new UserInputException("--netem-matrix: cannot read " + netemMatrix + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--netem-matrix: " + netemMatrix + ": " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    if (!tls.equals("on") && !tls.equals("off")) {
      throw new UserInputException("--tls must be on or off, got " + tls);
    }
    LinkProfile links;
    try {
      links = netem == null ? LinkProfile.LOOPBACK : LinkProfile.parse(netem);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--netem: " + e.getMessage());
    }
    Optional<LinkMatrix> matrix = readMatrix(links);
    long runMs = workload.durationMs();
    long warmUpMs = Durations.parse("--warm-up", warmUp);
    if (warmUpMs < 0 || warmUpMs >= runMs) {
      throw new UserInputException("--warm-up must be shorter than --duration");
    }
    String experiment = workload.experiment(DEFAULT_EXPERIMENT);
    ExperimentSpec load;
    try {
      load = ExperimentSpec.parse(experiment, Optional.ofNullable(param).map(String::valueOf));
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--experiment: " + e.getMessage());
    }
    ByzantineMode mode;
    try {
      mode = ByzantineMode.parse(byzantineMode);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--byzantine-mode: " + e.getMessage());
    }
    LocalCluster.Layout layout = new LocalCluster.Layout(nodes, senate == null ? nodes : senate, byzantine, mode,
        experiment, load.param(), tls.equals("on"), links);
    Path out = outputDir != null ? outputDir
        : ProjectPaths.timestampedOutput("demo");
    // The closed loop shows latency from a cold start: its nodes compile for a quick start. An
    // open-loop rate is a saturation run, whose nodes keep the C2 compiler's faster code.
    boolean quickStart = load.experiment() == Experiment.EXPERIMENT_LOAD_CLOSED;
    ClusterLaunch launch = quickStart ? ClusterLaunch.quickStart(ClusterLaunch.standard(layout))
        : ClusterLaunch.standard(layout);
    PerturbationSchedule schedule;
    try {
      schedule = perturb == null ? PerturbationSchedule.none(layout.running())
          : PerturbationSchedule.parse(perturb, layout.running(), runMs);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--perturb: " + e.getMessage());
    }
    LocalCluster prepared = LocalCluster.prepare(out, layout, launch, workload.lottery()).perturbed(schedule);
    LocalCluster cluster = matrix.map(prepared::withLinks).orElse(prepared);
    PrintWriter stdout = spec.commandLine().getOut();
    @SuppressWarnings("SystemConsoleNull") // JDK 17's Console has no isTerminal(); from JDK 22 on this is always true
    boolean terminal = System.console() != null;
    int[] tick = {0};
    boolean lived = cluster.run(runMs, now -> {
      if (tick[0]++ == 0) {
        stdout.printf("demo: %d nodes, %d seats (quorum %d), %s lottery, workload %s (%s), output in %s%n", nodes,
            layout.seats(), Quorum.quorum(layout.seats()), workload.lottery, load, ExperimentSpec.meaning(load.experiment()), out);
        if (byzantine > 0) {
          stdout.printf("Byzantine: the last %d node(s), %s%n", byzantine, mode == ByzantineMode.SILENT
              ? "silent (never started)" : "--byzantine-mode " + mode.cliName());
        }
        stdout.println(inspectLine(cluster.nodePort(0), layout.tls()));
        if (!links.isLoopback()) {
          stdout.println("links between nodes: " + links.describe() + " (each direction, through relays)");
        }
        if (netemMatrix != null) {
          stdout.println("links between nodes: per link as " + netemMatrix + " says (each direction, through relays)");
        }
        if (!schedule.isEmpty()) {
          stdout.println("perturbations: " + schedule.describe() + " (times after the network was up, a block on every"
              + " node)");
        }
        stdout.println("nodes: Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", "
            + System.getProperty("java.home") + ")" + (quickStart ? " " + String.join(" ", ClusterLaunch.QUICK_START)
            + " (C1 only: a quick start from cold; an open-loop --experiment keeps C2)" : ""));
        stdout.printf("metrics: http://127.0.0.1:%d/metrics; to scrape them all: prometheus --config.file=%s"
            + " --storage.tsdb.path=%s --web.listen-address=127.0.0.1:9090%n", cluster.nodeMetricsPort(0),
            cluster.monitoringDir().resolve("prometheus.yml"), cluster.monitoringDir().resolve("tsdb"));
      }
      String line = DemoReport.progress(cluster).line();
      if (terminal) {
        stdout.print("\r" + line);
      } else if (tick[0] % 5 == 0) {
        stdout.println(line.strip());
      }
      stdout.flush();
    });
    if (terminal) {
      stdout.println();
    }
    if (!lived) {
      stdout.println("demo: a process exited early; see the *.out files in " + out);
    }
    DemoReport.Summary summary = DemoReport.summary(cluster, cluster.startedMs() + warmUpMs);
    if (warmUpMs > 0) {
      stdout.printf("after a warm-up of %d s:%n", warmUpMs / 1_000);
    }
    stdout.println(summary.text());
    Optional<PerturbationReport> perturbed = Optional.empty();
    boolean networkUp = true;
    if (cluster.perturbedRun().isPresent()) {
      LocalCluster.PerturbedRun run = cluster.perturbedRun().get();
      networkUp = run.clockStartMs().isPresent();
      if (networkUp) {
        long zero = run.clockStartMs().get();
        perturbed = Optional.of(DemoReport.perturbationReport(cluster, run, summary));
        stdout.println(perturbed.get().text());
        Path plot = TimelinePlot.write(out, run.heights(), cluster.nodes(), schedule, zero,
            "Height of each node: " + nodes + " nodes, " + load + (links.isLoopback() ? "" : ", " + links.describe()));
        HeightTimeline.writeCsv(out.resolve("timeline.csv"), run.heights(), zero);
        stdout.println("timeline: " + plot);
      } else {
        stdout.printf("perturbations: NOT APPLIED, the network was not up (a block on every node) within %d s%n",
            LocalCluster.NETWORK_UP_WAIT_MS / 1_000);
      }
    }
    if (json) {
      Map<String, Object> fields = summary.fields();
      fields.put("netem", netemMatrix != null ? "matrix " + netemMatrix : links.describe());
      fields.put("lottery", workload.lottery);
      perturbed.ifPresent(r -> fields.putAll(r.fields()));
      stdout.println(new GsonBuilder().serializeNulls().disableHtmlEscaping().create().toJson(fields));
    }
    boolean checks = summary.blocks() > 0 && summary.nodesAgree() && networkUp
        && perturbed.map(PerturbationReport::passed).orElse(true);
    return checks ? 0 : ExitCodes.CHECK_FAILED;
  }

  /**
   * How to look at a node of the demo: grpcurl needs {@code -insecure} for the node's self-signed
   * TLS certificate (with {@code -plaintext} it would fail the handshake), {@code -plaintext} only
   * with {@code --tls off}; {@code lpos status} says the same.
   */
  static String inspectLine(int port, boolean tls) {
    return String.format("inspect: grpcurl %s 127.0.0.1:%d lpos.v1.Node/GetStatus, or ./lpos status --node 127.0.0.1:%d%s",
        tls ? "-insecure" : "-plaintext", port, port, tls ? "" : " --tls=off");
  }
}
