package org.lpos.lab.cli;

import org.lpos.node.cli.ProjectPaths;
import org.lpos.node.cli.UserInputException;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.lpos.chain.chainfile.ChainFileException;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.byzantine.ByzantineModes;
import org.lpos.lab.experiment.ProcessUsage;
import org.lpos.lab.netem.LinkMatrix;
import org.lpos.lab.netem.LinkProfile;
import org.lpos.lab.netem.LinkRelay;
import org.lpos.lab.perturb.HeightTimeline;
import org.lpos.lab.perturb.PerturbationRunner;
import org.lpos.lab.perturb.PerturbationSchedule;
import org.lpos.lab.perturb.ValueConservation;
import org.lpos.node.net.ClientTls;
import org.lpos.node.metrics.ScrapeFiles;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.SeatDraw;

/**
 * A local LPOS network as processes on 127.0.0.1, shared by {@code lpos demo} and {@code lpos
 * experiment}: a chain whose stake belongs to the first {@code population} members, one discovery
 * service and one node process per running member (free ports, one output directory), run for a
 * while and stopped (also on Ctrl-C). The last {@code byzantine} members are Byzantine: in the
 * {@code silent} mode they hold stake but are never started (crash-faulty from the first moment);
 * in any other mode they run as {@code lpos node --byzantine-mode MODE}. While it runs
 * it samples each node process's CPU time and peak memory, which vanish when a process exits.
 * Every process serves Prometheus metrics on a free port, and {@link #monitoringDir} holds the
 * shipped scrape configuration with targets for those ports. A {@link ClusterLaunch} may instead
 * run a shipped chain template with the original's fan-outs, preload and delay (a preset).
 *
 * <p>A cluster {@linkplain #perturbed perturbed} by a {@link PerturbationSchedule} applies it
 * while it runs ({@link ProcessFaults}: SIGKILL, a relaunch of the same command line,
 * SIGSTOP/SIGCONT, links cut in the relays), samples every node's
 * height for the timeline and, before it stops the processes, reads whether value was conserved.
 * A partition needs relays on every link (on loopback links they add nothing else) and each node
 * dialling from its own address, 127.0.0.(10+i), so that a relay knows which node dials it.
 */
final class LocalCluster {
  /**
   * Every child JVM ends on an OutOfMemoryError in any thread instead of living on with dead
   * threads (the launcher script and the container images pass the same flag).
   */
  static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";
  /**
   * How long a run that measures after the instruction waits for it: discovery's 120 s start
   * deadline after the first registration, plus the first node's start on a busy machine.
   */
  static final long INSTRUCTION_WAIT_MS = 300_000;
  /** Environment variable with extra JVM options for every node process, e.g. {@code -XX:+UseParallelGC}. */
  static final String NODE_JAVA_OPTS = "LPOS_NODE_JAVA_OPTS";
  /** Seeds the links' jitter and loss (plus the node's index), so a degraded run can be repeated. */
  static final long SEED_OF_LINKS = 17;
  /**
   * How long a perturbed run waits for its network to come up (every node committed a block)
   * before giving up: on two busy cores five JVMs took 45 s to get there once; three minutes is
   * far past anything healthy.
   */
  static final long NETWORK_UP_WAIT_MS = 180_000;
  /** Node i dials its peers from 127.0.0.(this + i) when links are relayed. */
  static final int FIRST_SOURCE_OCTET = 10;

  /**
   * What to run.
   *
   * @param population members that hold stake
   * @param seats senate seats N
   * @param byzantine the Byzantine members among them, the last T
   * @param byzantineMode how they misbehave; {@link ByzantineMode#SILENT}: they are never started
   * @param experiment the workload's name ({@link ExperimentSpec#names()})
   * @param param its parameter (rate per node, outputs or window)
   * @param tls whether discovery, the nodes and their links use TLS (off only to measure its cost)
   * @param links how every link between two nodes behaves ({@link LinkProfile#LOOPBACK}: as
   *     loopback; otherwise through a {@link LinkRelay} in front of each node)
   */
  record Layout(int population, int seats, int byzantine, ByzantineMode byzantineMode, String experiment,
      double param, boolean tls, LinkProfile links) {
    /** A layout with TLS on, as every real deployment, on loopback links, whose T Byzantine members are never started. */
    Layout(int population, int seats, int byzantine, String experiment, double param) {
      this(population, seats, byzantine, ByzantineMode.SILENT, experiment, param, true);
    }

    /** A layout on loopback links. */
    Layout(int population, int seats, int byzantine, ByzantineMode byzantineMode, String experiment, double param,
        boolean tls) {
      this(population, seats, byzantine, byzantineMode, experiment, param, tls, LinkProfile.LOOPBACK);
    }

    Layout {
      if (population < 1 || population > 100) {
        throw new UserInputException("the population must be 1-100 nodes");
      }
      if (seats < 1) {
        throw new UserInputException("--senate must be at least 1");
      }
      if (byzantine < 0 || byzantine >= population) {
        throw new UserInputException("T must be at least 0 and less than the population");
      }
      if (!ByzantineModes.runsInNodes(byzantineMode)) {
        throw new UserInputException("Byzantine mode " + byzantineMode.cliName() + " runs only in the simulator; "
            + "node processes run " + String.join(", ", new ByzantineModes().names()));
      }
      try {
        new ExperimentSpec(ExperimentSpec.experiment(experiment), param);
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--experiment: " + e.getMessage());
      }
    }

    /** The workload, as the one definition reads it. */
    ExperimentSpec workload() {
      return new ExperimentSpec(ExperimentSpec.experiment(experiment), param);
    }

    /** Node processes started. */
    int running() {
      return byzantineMode == ByzantineMode.SILENT ? population - byzantine : population;
    }

    /** Whether node {@code i} is one of the Byzantine members (the last T). */
    boolean isByzantine(int i) {
      return i >= population - byzantine;
    }
  }

  private final Path out;
  private final Layout layout;
  private final ClusterLaunch clusterLaunch;
  /** The nodes' {@code --chain}: the file this cluster wrote, or a shipped template's name. */
  private final String chain;
  private final PerturbationSchedule perturbations;
  /** Per-link profiles between nodes, when a matrix file gives them (else every link is {@code layout.links()}). */
  private final Optional<LinkMatrix> matrix;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> nodeProcesses = new ArrayList<>();
  /** Each node's command line, for a restart. */
  private final List<List<String>> nodeCommands = new ArrayList<>();
  /** Processes stopped on purpose (a perturbation's kill): not a reason to end the run. */
  private final Set<Process> killedOnPurpose = new HashSet<>();
  /** Set once {@link #stop} began: nothing is launched any more. */
  private boolean stopping;
  private final List<Integer> ports = new ArrayList<>();
  /** With degraded links, the relay in front of each node (peers dial it, clients the node). */
  private final List<LinkRelay> relays = new ArrayList<>();
  /** Discovery's metrics port first, then each node's. */
  private final List<Integer> metricsPorts = new ArrayList<>();
  private final LoopbackPorts loopbackPorts = new LoopbackPorts();
  private List<Optional<ProcessUsage>> usageAtStart = List.of();
  private List<Optional<ProcessUsage>> usageAtEnd = List.of();
  private long startedMs;
  /** When a perturbed run's network was up (every node had committed a block): its schedule's zero. */
  private Optional<Long> perturbationClockMs = Optional.empty();
  private Optional<PerturbedRun> perturbedRun = Optional.empty();

  /**
   * What a perturbed run leaves for its report: when its schedule's clock started (empty: the
   * network never came up, nothing was applied), each node's height over time and public key,
   * the actions applied, and whether value was conserved on every node.
   */
  record PerturbedRun(Optional<Long> clockStartMs, List<HeightTimeline.Sample> heights,
      List<Optional<String>> publicKeys, List<PerturbationRunner.Applied> applied, Optional<Boolean> valueConserved) {}

  /** A cluster writing under {@code out} whose nodes follow the chain file {@code chain}; see {@link #prepare}. */
  LocalCluster(Path out, Layout layout, Path chain) {
    this(out, layout, ClusterLaunch.standard(layout), chain.toString());
  }

  /** A cluster of {@code launch} whose nodes run {@code chain} (a file or a shipped name); starts nothing. */
  LocalCluster(Path out, Layout layout, ClusterLaunch launch, String chain) {
    this(out, layout, launch, chain, PerturbationSchedule.none(layout.running()), Optional.empty());
  }

  private LocalCluster(Path out, Layout layout, ClusterLaunch launch, String chain, PerturbationSchedule perturbations,
      Optional<LinkMatrix> matrix) {
    this.out = out;
    this.layout = layout;
    this.clusterLaunch = launch;
    this.chain = chain;
    this.perturbations = perturbations;
    this.matrix = matrix;
  }

  /** This cluster, not started yet, applying {@code schedule} while it runs. */
  LocalCluster perturbed(PerturbationSchedule schedule) {
    return new LocalCluster(out, layout, clusterLaunch, chain, schedule, matrix);
  }

  /**
   * This cluster, not started yet, whose link from node i to node j behaves as {@code links}
   * says: the relay in front of node j knows node i by its source address.
   */
  LocalCluster withLinks(LinkMatrix links) {
    return new LocalCluster(out, layout, clusterLaunch, chain, perturbations, Optional.of(links));
  }

  /** The profile of the link from the node that dials from {@code source} to node {@code to}. */
  private LinkProfile linkProfile(InetAddress source, int to) {
    int from = Byte.toUnsignedInt(source.getAddress()[3]) - FIRST_SOURCE_OCTET;
    boolean aNode = source.isLoopbackAddress() && from >= 0 && from < layout.running();
    return aNode && matrix.isPresent() ? matrix.get().profile(from, to) : layout.links();
  }

  /** The schedule applied while it runs (empty: none). */
  PerturbationSchedule perturbations() {
    return perturbations;
  }

  /** What the perturbed run left for its report, once {@link #run} returned. */
  Optional<PerturbedRun> perturbedRun() {
    return perturbedRun;
  }

  /** Whether peers dial each other through relays: degraded links, or a partition to make. */
  boolean relayed() {
    return !layout.links().isLoopback() || perturbations.partitions()
        || matrix.map(m -> !m.isLoopback(layout.running())).orElse(false);
  }

  /** Creates {@code out} and writes the cluster's chain into it; starts nothing yet. */
  static LocalCluster prepare(Path out, Layout layout) throws IOException {
    return prepare(out, layout, ClusterLaunch.standard(layout));
  }

  /**
   * Creates {@code out} and, unless {@code launch} names a shipped chain, writes the cluster's
   * chain into it; starts nothing yet.
   */
  static LocalCluster prepare(Path out, Layout layout, ClusterLaunch launch) throws IOException {
    return prepare(out, layout, launch, Lottery.LOTTERY_DIRECTOR);
  }

  /**
   * As {@link #prepare(Path, Layout, ClusterLaunch)}, the chain it writes drawing by {@code lottery};
   * the shipped chains keep the director competition.
   */
  static LocalCluster prepare(Path out, Layout layout, ClusterLaunch launch, Lottery lottery) throws IOException {
    if (launch.shippedChain().isPresent() && lottery != Lottery.LOTTERY_DIRECTOR) {
      throw new UserInputException("the shipped chains draw by the director competition; --lottery vrf needs the"
          + " cluster's own chain");
    }
    Files.createDirectories(out);
    if (launch.shippedChain().isPresent()) {
      return new LocalCluster(out, layout, launch, launch.shippedChain().get());
    }
    Path chain = out.resolve("chain.json");
    writeChain(chain, layout, lottery);
    return new LocalCluster(out, layout, launch, chain.toString());
  }

  /**
   * Starts the processes, calls {@code tick} with the time about once a second until {@code runMs}
   * passed or a process exited, samples the nodes' usage and stops everything; a Ctrl-C stops the
   * processes too. Returns whether every process lived to the end (a process a perturbation
   * killed excepted). A perturbed run's {@code runMs} and schedule count from when its network is
   * up, up to {@link #NETWORK_UP_WAIT_MS} after the launch. When the launch {@linkplain
   * ClusterLaunch#measureAfterInstruction measures after the instruction}, {@code runMs} counts from
   * the end of the instruction's delay instead, however long the nodes took to register, up to
   * {@link #INSTRUCTION_WAIT_MS} (then the run ends having measured nothing).
   */
  boolean run(long runMs, LongConsumer tick) throws IOException, InterruptedException {
    Thread hook = new Thread(this::stop, "lpos-cluster-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    HeightTimeline timeline = null;
    PerturbationRunner runner = null;
    try {
      start();
      boolean awaitingNetwork = !perturbations.isEmpty();
      if (awaitingNetwork) {
        timeline = HeightTimeline.start(ports, clientTls());
      }
      boolean awaitingInstruction = clusterLaunch.measureAfterInstruction();
      if (awaitingInstruction) {
        startedMs = Long.MAX_VALUE;
      }
      long end = System.currentTimeMillis()
          + (awaitingNetwork ? NETWORK_UP_WAIT_MS : awaitingInstruction ? INSTRUCTION_WAIT_MS : runMs);
      while (System.currentTimeMillis() < end && allAlive()) {
        // Pacing of the progress display, not synchronisation: the processes run on their own.
        Thread.sleep(Math.min(1_000, Math.max(1, end - System.currentTimeMillis())));
        long now = System.currentTimeMillis();
        if (awaitingInstruction && instructionLogged(out.resolve("discovery"))) {
          // Seen within the one-second pacing of this loop: the window is right to about a second.
          awaitingInstruction = false;
          startedMs = now + clusterLaunch.instructionDelayS() * 1_000L;
          if (perturbations.isEmpty()) {
            end = startedMs + runMs;
          }
        }
        Optional<Long> up = awaitingNetwork ? timeline.networkUpSince() : Optional.empty();
        if (up.isPresent()) {
          // A perturbed run's clock starts when the network is up, however long the JVMs took.
          awaitingNetwork = false;
          perturbationClockMs = up;
          runner = PerturbationRunner.start(perturbations, new ProcessFaults(this), up.get());
          end = up.get() + runMs;
        }
        if (usageAtStart.isEmpty() && now >= startedMs) {
          usageAtStart = sampleNodes();
        }
        tick.accept(now);
      }
      usageAtEnd = sampleNodes();
      boolean lived = allAlive();
      if (timeline != null) {
        if (runner != null) {
          runner.close();
        }
        perturbedRun = Optional.of(endOfPerturbedRun(timeline, runner));
      }
      return lived;
    } finally {
      if (runner != null) {
        runner.close();
      }
      if (timeline != null) {
        timeline.close();
      }
      stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and stops the processes itself.
      }
    }
  }

  private void start() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path home = ProjectPaths.home().toAbsolutePath();
    int discoveryPort = loopbackPorts.next();
    for (int i = 0; i <= layout.running(); i++) {
      metricsPorts.add(loopbackPorts.next());
    }
    ScrapeFiles.write(home.resolve("config/monitoring"), monitoringDir(), "127.0.0.1:" + metricsPorts.get(0),
        metricsPorts.subList(1, metricsPorts.size()).stream().map(p -> "127.0.0.1:" + p).toList());
    launch(discoveryCommand(java, home, String.valueOf(discoveryPort), String.valueOf(metricsPorts.get(0))),
        out.resolve("discovery.out"), false);
    awaitListening(out.resolve("discovery.out"), "discovery listening");
    for (int i = 0; i < layout.running(); i++) {
      int port = loopbackPorts.next();
      ports.add(port);
      if (relayed()) {
        // Peers dial the node through its relay: every link then has the profile's delay, loss and
        // rate in each direction, while clients (the demo's reads, grpcurl) reach the node directly.
        int to = i;
        relays.add(LinkRelay.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), layout.links(),
            source -> linkProfile(source, to), SEED_OF_LINKS + i));
      }
      List<String> command = nodeCommand(java, home, i, String.valueOf(port), "127.0.0.1:" + discoveryPort,
          String.valueOf(metricsPorts.get(i + 1)));
      nodeCommands.add(command);
      nodeProcesses.add(launch(command, out.resolve("node-" + i + ".out"), false));
    }
    startedMs = System.currentTimeMillis() + clusterLaunch.instructionDelayS() * 1_000L;
  }

  /** The discovery service's command line; the ports are numbers, or placeholders for display. */
  List<String> discoveryCommand(String java, Path home, String port, String metricsPort) {
    return List.of(java, EXIT_ON_OOM, "-jar", home.resolve("discovery-service/target/lpos-discovery.jar").toString(),
        "--host", "127.0.0.1", "--port", port,
        "--metrics-port", metricsPort, "-n", String.valueOf(layout.seats()),
        "-t", String.valueOf(layout.byzantine()), "-m", String.valueOf(layout.running()),
        "-l", String.valueOf(clusterLaunch.preloadMembers()),
        "--fan-out", String.valueOf(clusterLaunch.discoveryFanOut()),
        "--members", home.resolve("data/members.json").toString(), "--output-dir", out.resolve("discovery").toString(),
        "--inst", String.valueOf(clusterLaunch.instructionDelayS()), layout.experiment(), ExperimentSpec.paramText(layout.param()),
        "--tls=" + (layout.tls() ? "on" : "off"));
  }

  /** Node {@code i}'s command line; the ports are numbers, or placeholders for display. */
  List<String> nodeCommand(String java, Path home, int i, String port, String discoveryAddress, String metricsPort) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(nodeJvmOptions(clusterLaunch.nodeJvmOptions()));
    command.addAll(List.of("-jar", home.resolve("node-service/target/lpos.jar").toString(),
        "node", port, String.valueOf(layout.seats()), String.valueOf(layout.byzantine()),
        String.valueOf(layout.population()), "--host", "127.0.0.1", "--advertise", advertised(i),
        "--discovery", discoveryAddress, "--fan-out", String.valueOf(clusterLaunch.nodeFanOut()), "--chain", chain,
        "--members", home.resolve("data/members.json").toString(),
        "--output-dir", out.toString(), "--name", "node-" + i));
    command.addAll(clusterLaunch.nodeLogFlags());
    if (layout.isByzantine(i)) {
      command.addAll(List.of("--byzantine-mode", layout.byzantineMode().cliName()));
    }
    command.addAll(List.of("--metrics-port", metricsPort, "--tls=" + (layout.tls() ? "on" : "off")));
    if (relayed()) {
      command.addAll(List.of("--source-address", sourceAddress(i).getHostAddress()));
    }
    return command;
  }

  /** The address node {@code i} dials its peers from when links are relayed: 127.0.0.(10+i). */
  static InetAddress sourceAddress(int i) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (FIRST_SOURCE_OCTET + i)});
    } catch (IOException e) {
      throw new IllegalStateException("a four-byte address is always valid", e);
    }
  }

  /** What node {@code i} tells its peers to dial: itself, or the relay in front of it. */
  private String advertised(int i) {
    return i < relays.size() ? "127.0.0.1:" + relays.get(i).port() : "127.0.0.1";
  }

  /**
   * The node JVMs' options: a heap large enough for a saturated run of minutes (the UTXO set
   * grows by one output per committed transaction) and the throughput collector (several JVMs
   * share a few cores here, and G1's write barriers and concurrent refinement cost about 4% of
   * each node's CPU, measured in docs/benchmarks.md), then the launch's {@code extra}, then
   * {@value #NODE_JAVA_OPTS}, split on blanks, which come last and so override.
   */
  static List<String> nodeJvmOptions(List<String> extra) {
    List<String> options = new ArrayList<>(List.of("-Xmx2g", "-XX:+UseParallelGC", EXIT_ON_OOM));
    options.addAll(extra);
    String fromEnvironment = System.getenv(NODE_JAVA_OPTS);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      options.addAll(List.of(fromEnvironment.trim().split("\\s+")));
    }
    return options;
  }

  Layout layout() {
    return layout;
  }

  Path out() {
    return out;
  }

  /** Node processes started. */
  int nodes() {
    return layout.running();
  }

  int nodePort(int i) {
    return ports.get(i);
  }

  /** The port node {@code i} serves {@code /metrics} on. */
  int nodeMetricsPort(int i) {
    return metricsPorts.get(i + 1);
  }

  /**
   * Where the shipped Prometheus configuration is copied, with targets for this cluster's
   * metrics ports ({@code prometheus.yml}, {@code alerts.yml}, {@code targets/}).
   */
  Path monitoringDir() {
    return out.resolve("monitoring");
  }

  Path nodeDir(int i) {
    return out.resolve("node-" + i);
  }

  /** When the experiment was announced to start (about); throughput is measured from here. */
  long startedMs() {
    return startedMs;
  }

  /** Each node's CPU time and peak memory when the experiment started; empty where not readable. */
  List<Optional<ProcessUsage>> usageAtStart() {
    return usageAtStart;
  }

  /** Each node's CPU time and peak memory just before the processes were stopped. */
  List<Optional<ProcessUsage>> usageAtEnd() {
    return usageAtEnd;
  }

  /** Whether every process lives, but those a perturbation killed on purpose. */
  synchronized boolean allAlive() {
    return processes.stream().allMatch(p -> p.isAlive() || killedOnPurpose.contains(p));
  }

  synchronized void stop() {
    stopping = true;
    for (Process p : processes) {
      p.destroy();
    }
    relays.forEach(LinkRelay::close);
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

  /** Node {@code node}'s current process. */
  synchronized Process nodeProcess(int node) {
    return nodeProcesses.get(node);
  }

  /** Notes that {@code p} is being killed on purpose: its death does not end the run. */
  synchronized void killingOnPurpose(Process p) {
    killedOnPurpose.add(p);
  }

  /**
   * Starts node {@code node} again with its command line: the same port, name, output and data
   * directory, so it resumes from its store and discovery hands its name back to the same
   * instance id. Its output is appended to what the killed process wrote.
   */
  void relaunch(int node) throws IOException {
    Process p = launch(nodeCommands.get(node), out.resolve("node-" + node + ".out"), true);
    synchronized (this) {
      nodeProcesses.set(node, p);
    }
  }

  /** The relay in front of each node, when {@link #relayed}. */
  List<LinkRelay> relays() {
    return relays;
  }

  /** How the launcher dials its own nodes' Node API. */
  private ClientTls clientTls() {
    return layout.tls() ? ClientTls.acceptingAnyServer() : ClientTls.off();
  }

  /** Reads what the report needs while the nodes still run: heights, keys, value conservation. */
  private PerturbedRun endOfPerturbedRun(HeightTimeline timeline, PerturbationRunner runner) {
    Optional<Boolean> conserved = Optional.empty();
    try {
      List<Integer> reachable = new ArrayList<>();
      for (int i = 0; i < ports.size(); i++) {
        if (nodeProcesses.get(i).isAlive()) {
          reachable.add(ports.get(i));
        }
      }
      conserved = ValueConservation.check(reachable, clientTls(), ChainFiles.read(ProjectPaths.chain(chain)));
    } catch (ChainFileException e) {
      // The chain ran from this file a moment ago; unreadable now, the check says "not read".
    }
    List<Optional<String>> keys = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      keys.add(timeline.publicKey(i));
    }
    return new PerturbedRun(perturbationClockMs, timeline.samples(), keys,
        runner == null ? List.of() : runner.applied(), conserved);
  }

  /**
   * Whether the discovery service writing into {@code discoveryDir} has logged sending the
   * instruction (its {@code discovery.log} line {@code TIME instruction delay_seconds=...}).
   */
  static boolean instructionLogged(Path discoveryDir) throws IOException {
    Path log = discoveryDir.resolve("discovery.log");
    if (!Files.isRegularFile(log)) {
      return false;
    }
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.anyMatch(l -> l.contains(" instruction delay_seconds="));
    }
  }

  private List<Optional<ProcessUsage>> sampleNodes() {
    return nodeProcesses.stream().map(p -> ProcessUsage.of(p.pid())).toList();
  }

  private synchronized Process launch(List<String> command, Path log, boolean append) throws IOException {
    if (stopping) {
      // A restart due while Ctrl-C stops the cluster would leave a process nobody stops.
      throw new IOException("the cluster is stopping");
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
    pb.environment().put("LPOS_HOME", ProjectPaths.home().toAbsolutePath().toString());
    Process p = pb.start();
    processes.add(p);
    return p;
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

  private static void writeChain(Path file, Layout layout, Lottery lottery) throws IOException {
    List<Member> members;
    try {
      members = MemberFiles.readMembers(ProjectPaths.dataDir().resolve("members.json"));
    } catch (ChainFileException e) {
      throw new UserInputException(e.getMessage());
    }
    if (members.size() < layout.population()) {
      throw new UserInputException("the members file has only " + members.size() + " members");
    }
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < layout.population(); i++) {
      for (int k = 0; k < 4; k++) {
        allocations.add(new GenesisBuilder.Allocation(members.get(i).keys().publicKey(), 250_000));
      }
    }
    ChainParams params = ChainParams.newBuilder().setChainId("lpos-demo").setSenateSeats(layout.seats())
        .setMaxBlockTransactions(10_000).setMaxBlockBytes(4 << 20)
        // T Byzantine members then hold at most T seats, the premise of --byzantine T (PROTOCOL §5).
        .setSeatDraw(SeatDraw.SEAT_DRAW_DISTINCT_MEMBERS).setLottery(lottery).build();
    ChainFile chainFile = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8("lpos-demo"), System.currentTimeMillis(),
            allocations))).build();
    ChainFiles.write(file, chainFile);
  }

}
