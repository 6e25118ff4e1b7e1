package org.lpos.lab.cli;

import org.lpos.node.cli.ProjectPaths;
import org.lpos.node.cli.ExitCodes;
import org.lpos.node.cli.UserInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lpos.chain.senate.Quorum;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.byzantine.ByzantineModes;
import org.lpos.lab.experiment.ParameterGrid;
import org.lpos.lab.experiment.ProgressBar;
import org.lpos.lab.experiment.ResultPlots;
import org.lpos.lab.experiment.ResultsCsv;
import org.lpos.lab.experiment.RunRecord;
import org.lpos.lab.netem.LinkProfile;
import org.lpos.lab.perturb.PerturbationReport;
import org.lpos.lab.perturb.PerturbationSchedule;
import org.lpos.lab.perturb.TimelinePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code lpos experiment}: runs every combination of population, senate size, T, workload
 * parameter and link profile ({@code --netem}) as a local multi-process cluster (the processes of
 * {@code lpos demo}), one after the other, and writes {@code results.csv} (one row per run,
 * rewritten after each run) and PNG charts into {@code --out}. The T members run {@code
 * --byzantine-mode} (default silent: they hold stake but are never started). {@code --preset
 * NAME} runs one known run of the original instead ({@link ExperimentPreset}), with {@code --nodes
 * K} nodes. Exits non-zero if a run committed nothing or its nodes disagreed.
 */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Run local multi-process clusters over a grid of parameters, or a --preset run of the original;"
        + " write results.csv and PNG charts.")
public final class ExperimentCommand implements Callable<Integer> {
  /**
   * An experiment measures throughput against offered load, so its default is the open loop
   * every node sends ({@code load-rate R}); {@code --experiment tx-n-outputs} and the others run
   * the original's experiments.
   */
  static final String DEFAULT_EXPERIMENT = "load-rate";

  /** Launch, start-up and shutdown of one run beyond its --duration, for the first time estimate. */
  private static final long RUN_OVERHEAD_MS = 15_000;

  @Spec CommandSpec spec;

  @Option(names = "--population", split = ",", defaultValue = "4", paramLabel = "P[,P...]",
      description = "Nodes that hold stake (default ${DEFAULT-VALUE}).")
  List<Integer> populations;

  @Option(names = "--senate", split = ",", defaultValue = "4", paramLabel = "N[,N...]",
      description = "Senate seats (default ${DEFAULT-VALUE}).")
  List<Integer> senates;

  @Option(names = "--byzantine", split = ",", defaultValue = "0", paramLabel = "T[,T...]",
      description = "Byzantine members, the last T; what they do is --byzantine-mode. At most floor((N-1)/3) "
          + "(default ${DEFAULT-VALUE}).")
  List<Integer> byzantine;

  @Option(names = "--byzantine-mode", paramLabel = "MODE", defaultValue = "silent",
      description = "How the T members misbehave: silent (the default: they hold stake but are never started), or "
          + "equivocate, invalid, spam, lie-height, flood-next (started as `lpos node --byzantine-mode MODE`, a "
          + "testing option).")
  String byzantineMode;

  @Option(names = "--netem", paramLabel = "SPEC",
      description = "Degrade every link between nodes as netem would, e.g. \"delay=50ms jitter=10ms loss=1%%\" "
          + "(one-way, each direction, by user-space relays: this kernel has no netem); 'loopback' for undegraded "
          + "links. Repeat it to run each profile (default: loopback).")
  List<String> netems;

  @Option(names = "--perturb", paramLabel = "SCHEDULE",
      description = "Apply this fault schedule in every run, as `lpos demo --perturb` does (times after the network"
          + " is up); the CSV records it and the longest recovery, each run writes timeline.png, and a run whose end"
          + " checks fail fails the experiment.")
  String perturb;

  @Mixin WorkloadOptions workload;

  @Option(names = "--param", split = ",", defaultValue = "200", paramLabel = "X[,X...]",
      description = "The experiment's parameter: rate R per node (load-rate, tx-rate), K outputs (tx-n-outputs) or"
          + " W outstanding (load-closed) (default ${DEFAULT-VALUE}).")
  List<Double> params;

  @Option(names = "--out", paramLabel = "DIR", description = "Where results.csv, the charts and runs/ go (default: out/experiment-TIME).")
  Path outDir;

  @Option(names = "--append",
      description = "Keep the rows of --out's results.csv (e.g. another population at its own load) and add this"
          + " grid's; the charts cover them all.")
  boolean append;

  @Option(names = "--dry-run", description = "List the runs and the time they would take; run nothing.")
  boolean dryRun;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "Run a known experiment of the original instead of a grid: " + ExperimentPreset.HELP
          + " It sets --population, --senate, --byzantine, --experiment and --param, which are refused beside it;"
          + " --duration is the time after its instruction delay.")
  String preset;

  @Option(names = "--nodes", paramLabel = "K", description = "With --preset: how many nodes to run.")
  Integer nodes;

  /** Whether every perturbed run so far came up and passed its end checks. */
  private boolean perturbedRunsPassed = true;

  @Override
  public Integer call() throws Exception {
    long runMs = workload.durationMs();
    Optional<ExperimentPreset> chosen = chosenPreset();
    ByzantineMode mode = mode();
    List<LinkProfile> links = links();
    List<RunRecord> earlier = earlierRows(append, outDir);
    PrintWriter stdout = spec.commandLine().getOut();
    List<LocalCluster.Layout> runs = chosen
        .map(p -> links.stream().map(l -> p.layout(p.nodes(nodes), mode, l)).toList())
        .orElseGet(() -> plan(mode, links));
    if (chosen.isPresent()) {
      ExperimentPreset p = chosen.get();
      stdout.printf("experiment: preset %s, %d nodes, its instruction delay of %d s, then %s measured%n",
          p.presetName(), runs.get(0).population(), p.launch().instructionDelayS(), workload.duration);
      p.reduction(runs.get(0).population(), Runtime.getRuntime().availableProcessors()).ifPresent(stdout::println);
    }
    long delayMs = chosen.map(p -> p.launch().instructionDelayS() * 1_000L).orElse(0L);
    ProgressBar bar = new ProgressBar(runs.size(), runMs + delayMs + RUN_OVERHEAD_MS);
    Path out = outDir != null ? outDir : ProjectPaths.timestampedOutput("experiment");
    ExperimentSpec spec = runs.get(0).workload();
    stdout.printf("experiment: %d runs of %s, about %s, workload %s (%s); measured on local processes (T = %s);"
        + " links %s; output in %s%n", runs.size(), workload.duration, ProgressBar.duration(bar.leftMs(0)),
        spec.name(), ExperimentSpec.meaning(spec.experiment()), mode == ByzantineMode.SILENT
            ? "silent members, never started" : "members running --byzantine-mode " + mode.cliName(),
        String.join(" | ", links.stream().map(LinkProfile::spec).toList()), out);
    for (LocalCluster.Layout layout : runs) {
      schedule(layout, runMs);
    }
    if (dryRun) {
      runs.forEach(r -> stdout.println("  " + command(r)));
      chosen.ifPresent(p -> printLaunch(p, runs.get(0), out, stdout));
      return 0;
    }
    Files.createDirectories(out);
    List<RunRecord> records = new ArrayList<>(earlier);
    @SuppressWarnings("SystemConsoleNull") // JDK 17's Console has no isTerminal(); from JDK 22 on this is always true
    boolean terminal = System.console() != null;
    for (LocalCluster.Layout layout : runs) {
      records.add(runOne(layout, chosen, runMs, out, bar, terminal, stdout));
      ResultsCsv.write(out.resolve(ResultsCsv.FILE), records);
    }
    List<Path> charts = ResultPlots.write(out, records);
    stdout.println("results: " + out.resolve(ResultsCsv.FILE));
    charts.forEach(c -> stdout.println("chart: " + c));
    boolean allGood = records.stream().allMatch(r -> r.blocks() > 0 && r.agreed()) && perturbedRunsPassed;
    if (!allGood) {
      stdout.println("experiment: some runs committed nothing, disagreed or failed their perturbation checks; see"
          + " nodes_agree and blocks in the CSV and each run's lines above");
    }
    stdout.flush();
    return allGood ? 0 : ExitCodes.CHECK_FAILED;
  }

  private RunRecord runOne(LocalCluster.Layout layout, Optional<ExperimentPreset> preset, long runMs, Path out,
      ProgressBar bar, boolean terminal, PrintWriter stdout) throws IOException, InterruptedException {
    String name = freshRunName(out.resolve("runs"), runName(layout) + (perturb == null ? "" : "-perturbed"));
    ClusterLaunch launch = preset.map(ExperimentPreset::launch).orElse(ClusterLaunch.standard(layout));
    LocalCluster cluster = LocalCluster.prepare(out.resolve("runs").resolve(name), layout, launch, workload.lottery())
        .perturbed(schedule(layout, runMs));
    long began = System.currentTimeMillis();
    int run = bar.done() + 1;
    int[] tick = {0};
    cluster.run(runMs, now -> {
      String line = bar.line(now - began, "run " + run + " " + name + ": " + DemoReport.progress(cluster).line().strip());
      if (terminal) {
        stdout.print("\r" + line + "   ");
      } else if (++tick[0] % 10 == 0) {
        stdout.println(line);
      }
      stdout.flush();
    });
    Optional<PerturbationReport> perturbed = perturbationReport(cluster, stdout);
    RunRecord record = ClusterMeasurement.measure(cluster, runMs, command(layout))
        .withFaults(FaultMeasurement.of(cluster, perturbed));
    bar.finished(System.currentTimeMillis() - began);
    if (terminal) {
      stdout.println();
    }
    String offered = Double.isNaN(record.offeredTxPerS()) ? "a closed loop"
        : String.format(Locale.ROOT, record.offeredTxPerS() < 10 ? "%.2f offered" : "%.0f offered",
            record.offeredTxPerS());
    stdout.printf(Locale.ROOT, "%s | %s: %d blocks, %.1f tx/s committed of %s, p50 %s ms, p99 %s ms, %d view"
        + " changes, %s equivocations detected%s%n", bar.line(0, ""), name, record.blocks(),
        record.committedTxPerS(), offered, ResultsCsv.number(record.latencyP50Ms()),
        ResultsCsv.number(record.latencyP99Ms()), record.viewChanges(),
        ResultsCsv.number(record.faults().equivocationsDetected()), record.agreed() ? "" : ", nodes DISAGREE");
    stdout.flush();
    return record;
  }

  /**
   * With {@code --append}, the rows already in {@code out}'s {@code results.csv} (none if it has
   * none yet); without it, none. Shared with {@code lpos simulate --append}.
   */
  static List<RunRecord> earlierRows(boolean append, Path out) {
    if (!append) {
      return List.of();
    }
    if (out == null) {
      throw new UserInputException("--append needs --out: the directory whose results.csv it adds to");
    }
    Path file = out.resolve(ResultsCsv.FILE);
    try {
      return Files.exists(file) ? ResultsCsv.read(file) : List.of();
    } catch (IOException e) {
      throw new UserInputException("--append: " + e.getMessage());
    }
  }

  /**
   * The run's directory under {@code runs/}: its parameters, then the Byzantine mode unless silent
   * and the link profile unless loopback (e.g. {@code P4-N4-T1-load-rate-150-delay50ms-loss1pct}).
   */
  static String runName(LocalCluster.Layout layout) {
    StringBuilder name = new StringBuilder(String.format(Locale.ROOT, "P%d-N%d-T%d-%s-%s", layout.population(),
        layout.seats(), layout.byzantine(), layout.experiment(), ResultsCsv.number(layout.param())));
    if (layout.byzantine() > 0 && layout.byzantineMode() != ByzantineMode.SILENT) {
      name.append('-').append(layout.byzantineMode().cliName());
    }
    if (!layout.links().isLoopback()) {
      name.append('-').append(layout.links().describe().replace("=", "").replace("%", "pct").replace(' ', '-'));
    }
    return name.toString();
  }

  /** {@code --byzantine-mode}, checked: a mode node processes run. */
  private ByzantineMode mode() {
    ByzantineMode mode;
    try {
      mode = ByzantineMode.parse(byzantineMode);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--byzantine-mode: " + e.getMessage());
    }
    if (!ByzantineModes.runsInNodes(mode)) {
      throw new UserInputException("--byzantine-mode " + mode.cliName() + " runs only in the simulator (lpos simulate);"
          + " node processes run " + String.join(", ", new ByzantineModes().names()));
    }
    return mode;
  }

  /** The link profiles of {@code --netem}, each once, in order; loopback when none is given. */
  private List<LinkProfile> links() {
    if (netems == null || netems.isEmpty()) {
      return List.of(LinkProfile.LOOPBACK);
    }
    Set<LinkProfile> links = new LinkedHashSet<>();
    for (String text : netems) {
      try {
        links.add(LinkProfile.parse(text));
      } catch (IllegalArgumentException e) {
        throw new UserInputException("--netem: " + e.getMessage());
      }
    }
    return List.copyOf(links);
  }

  /**
   * The preset of {@code --preset}, if given; options it sets are refused beside it, as is
   * {@code --nodes} without it.
   */
  private Optional<ExperimentPreset> chosenPreset() {
    ParseResult parsed = spec.commandLine().getParseResult();
    if (preset == null) {
      if (nodes != null) {
        throw new UserInputException("--nodes goes with --preset; for a grid use --population");
      }
      return Optional.empty();
    }
    ExperimentPreset chosen = ExperimentPreset.named(preset);
    List<String> clashing = ExperimentPreset.FIXED_OPTIONS.stream().filter(parsed::hasMatchedOption).toList();
    if (!clashing.isEmpty()) {
      throw new UserInputException("--preset " + chosen.presetName() + " sets " + String.join(", ", clashing)
          + " itself: leave " + (clashing.size() == 1 ? "it" : "them") + " out (--nodes K changes the population)");
    }
    return Optional.of(chosen);
  }

  /** For {@code --dry-run}: the command lines the preset's run would launch. */
  private static void printLaunch(ExperimentPreset preset, LocalCluster.Layout layout, Path out, PrintWriter stdout) {
    String java = ProcessHandle.current().info().command().orElse("java");
    Path home = ProjectPaths.home().toAbsolutePath();
    LocalCluster cluster = new LocalCluster(out.resolve("runs").resolve(runName(layout)), layout, preset.launch(),
        preset.launch().shippedChain().orElseThrow());
    stdout.println("  discovery: " + String.join(" ", cluster.discoveryCommand(java, home, "PORT", "METRICS_PORT")));
    stdout.println("  node-0:    " + String.join(" ",
        cluster.nodeCommand(java, home, 0, "PORT", "127.0.0.1:DISCOVERY_PORT", "METRICS_PORT")));
    if (layout.running() > 1) {
      stdout.printf("  node-1 .. node-%d: the same with their own name and ports%n", layout.running() - 1);
    }
  }

  /** The valid combinations, each on every link profile; the others are named on stderr. */
  private List<LocalCluster.Layout> plan(ByzantineMode mode, List<LinkProfile> links) {
    String experiment = workload.experiment(DEFAULT_EXPERIMENT);
    try {
      ExperimentSpec.experiment(experiment);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--experiment: " + e.getMessage());
    }
    ParameterGrid grid;
    try {
      grid = new ParameterGrid(populations, senates, byzantine, params);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    List<LocalCluster.Layout> runs = new ArrayList<>();
    Set<String> skipped = new LinkedHashSet<>();
    for (ParameterGrid.Point p : grid.points()) {
      String problem = problem(p, experiment);
      if (problem.isEmpty()) {
        links.forEach(l -> runs.add(new LocalCluster.Layout(p.population(), p.senate(), p.byzantine(), mode,
            experiment, p.param(), true, l)));
      } else {
        skipped.add(String.format(Locale.ROOT, "experiment: skipping population %d, senate %d, T %d: %s",
            p.population(), p.senate(), p.byzantine(), problem));
      }
    }
    skipped.forEach(spec.commandLine().getErr()::println);
    if (runs.isEmpty()) {
      throw new UserInputException("no valid combination of --population, --senate and --byzantine");
    }
    return runs;
  }

  private String problem(ParameterGrid.Point p, String experiment) {
    if (p.population() < 1 || p.population() > 100) {
      return "the population must be 1-100";
    }
    if (p.senate() < 1) {
      return "the senate needs at least one seat";
    }
    if (p.byzantine() < 0 || p.byzantine() > Quorum.maxFaulty(p.senate())) {
      return "T must be 0-" + Quorum.maxFaulty(p.senate()) + " (floor((N-1)/3))";
    }
    if (p.byzantine() >= p.population()) {
      return "T must be less than the population";
    }
    try {
      new ExperimentSpec(ExperimentSpec.experiment(experiment), p.param());
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return "";
  }

  /**
   * {@code name}, or {@code name-2}, {@code name-3}... if {@code runs} already has a folder of that
   * name (an earlier grid of the same {@code --out} with {@code --append}): a run never starts on
   * another run's node stores, which belong to another chain.
   */
  static String freshRunName(Path runs, String name) {
    String fresh = name;
    for (int k = 2; Files.exists(runs.resolve(fresh)); k++) {
      fresh = name + "-" + k;
    }
    return fresh;
  }

  /** The schedule of {@code --perturb} for a run of {@code layout} (none without it); a bad one is refused. */
  private PerturbationSchedule schedule(LocalCluster.Layout layout, long runMs) {
    if (perturb == null) {
      return PerturbationSchedule.none(layout.running());
    }
    try {
      return PerturbationSchedule.parse(perturb, layout.running(), runMs);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--perturb: " + e.getMessage());
    }
  }

  /**
   * A perturbed run's end checks, printed, with its timeline plot written into the run's folder;
   * empty for a run without a schedule. A run whose network never came up, or whose checks
   * failed, fails the experiment.
   */
  private Optional<PerturbationReport> perturbationReport(LocalCluster cluster, PrintWriter stdout) throws IOException {
    if (cluster.perturbedRun().isEmpty()) {
      return Optional.empty();
    }
    LocalCluster.PerturbedRun run = cluster.perturbedRun().get();
    if (run.clockStartMs().isEmpty()) {
      stdout.println("perturbations: NOT APPLIED, the network was not up within "
          + LocalCluster.NETWORK_UP_WAIT_MS / 1_000 + " s");
      perturbedRunsPassed = false;
      return Optional.empty();
    }
    PerturbationReport report = DemoReport.perturbationReport(cluster, run,
        DemoReport.summary(cluster, cluster.startedMs()));
    stdout.println(report.text());
    TimelinePlot.write(cluster.out(), run.heights(), cluster.nodes(), cluster.perturbations(),
        run.clockStartMs().get(), "Height of each node: " + runName(cluster.layout()));
    perturbedRunsPassed &= report.passed();
    return Optional.of(report);
  }

  /** The command that runs {@code layout} again on its own. */
  private String command(LocalCluster.Layout layout) {
    String command = preset != null
        ? "./lpos experiment --preset " + preset + " --nodes " + layout.population() + " --duration " + workload.duration
        : "./lpos experiment --population " + layout.population() + " --senate " + layout.seats() + " --byzantine "
            + layout.byzantine() + " --experiment " + layout.experiment() + " --param "
            + ResultsCsv.number(layout.param()) + " --duration " + workload.duration;
    return command + faultOptions(layout) + perturbOption();
  }

  /** The options for the layout's Byzantine mode and links, left out when they are the defaults. */
  private static String faultOptions(LocalCluster.Layout layout) {
    String options = layout.byzantineMode() == ByzantineMode.SILENT ? ""
        : " --byzantine-mode " + layout.byzantineMode().cliName();
    return layout.links().isLoopback() ? options : options + " --netem '" + layout.links().spec() + "'";
  }

  /** {@code --perturb} for the rerun command, when given. */
  private String perturbOption() {
    return perturb == null ? "" : " --perturb '" + perturb + "'";
  }
}
