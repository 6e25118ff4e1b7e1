package org.lpos.lab.cli;

import org.lpos.node.cli.ExitCodes;
import org.lpos.node.cli.UserInputException;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.lab.experiment.GrindingPlot;
import org.lpos.lab.experiment.GrindingResults;
import org.lpos.lab.experiment.ParameterGrid;
import org.lpos.lab.experiment.ProgressBar;
import org.lpos.lab.experiment.ResultPlots;
import org.lpos.lab.experiment.ResultsCsv;
import org.lpos.lab.experiment.RunRecord;
import org.lpos.lab.experiment.SimulationRecord;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.sim.Simulation;
import org.lpos.lab.netem.LinkProfile;
import org.lpos.lab.sim.SimulatedLinks;
import org.lpos.lab.sim.SimulationConfig;
import org.lpos.lab.sim.SimulationSummary;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.SeatDraw;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lpos simulate}: runs the deterministic simulator (unmodified consensus cores on a
 * simulated network and clock, with faults and Byzantine members from one seed) and reports what
 * the safety and liveness checkers found. Lists of nodes, seats, T or parameter run every
 * combination; {@code --out} writes their rows to {@code results.csv} and charts, marked as
 * simulated. Exit code 0 only when every checker held in every run.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Simulate a whole network deterministically from a seed and check safety and liveness.")
public final class SimulateCommand implements Callable<Integer> {
  /** Salts that keep the drawn numbers of partitions and of crashes apart. */
  private static final long PARTITION_SALT = 0x5041525449L;
  private static final long CRASH_SALT = 0x4352415348L;

  @Spec CommandSpec spec;

  @Option(names = "--nodes", split = ",", defaultValue = "10", paramLabel = "N[,N...]",
      description = "Simulated nodes; a list runs each (default: ${DEFAULT-VALUE}).")
  List<Integer> nodes;

  @Option(names = "--senate", split = ",", defaultValue = "4", paramLabel = "SEATS[,SEATS...]",
      description = "Senate seats per height; a list runs each (default: ${DEFAULT-VALUE}).")
  List<Integer> senate;

  @Option(names = "--byzantine", split = ",", defaultValue = "0", paramLabel = "T[,T...]",
      description = "The first T members are Byzantine; a list runs each (default: ${DEFAULT-VALUE}).")
  List<Integer> byzantine;

  @Option(names = "--byzantine-mode", paramLabel = "MODE",
      description = "equivocate | silent | invalid | spam | lie-height | flood-next | non-member | amnesia | grind"
          + " (default: ${DEFAULT-VALUE}; amnesia needs --faults-until-ms of about 20000 or more).")
  String byzantineMode = "equivocate";

  @Option(names = "--lottery", paramLabel = "director|vrf", defaultValue = "director",
      description = "What seeds each height's draw: director (the lowest ticket's q, PROTOCOL §6) or vrf (the"
          + " proposer's ECVRF output, §6a) (default: ${DEFAULT-VALUE}).")
  String lottery;

  @Option(names = "--grind-tries", split = ",", defaultValue = "16", paramLabel = "K[,K...]",
      description = "With --byzantine-mode grind: alternatives a Byzantine member tries per decision, 1 to 4096"
          + " (ground tickets and the proposer's ticket choice; the VRF lottery leaves only withholding, so K"
          + " changes nothing there); a list runs each (default: ${DEFAULT-VALUE}).")
  List<Integer> grindTries;

  @Option(names = "--grind-out", paramLabel = "DIR",
      description = "Add each run's Byzantine seat share to DIR/grinding.csv (kept rows stay) and redraw"
          + " DIR/grinding.png from every row (SIMULATED figures).")
  Path grindOut;

  /** The lottery of every run's chain. */
  Lottery lottery() {
    return switch (lottery) {
      case "director" -> Lottery.LOTTERY_DIRECTOR;
      case "vrf" -> Lottery.LOTTERY_VRF;
      default -> throw new UserInputException("--lottery is director or vrf, not " + lottery);
    };
  }

  /** The values of --grind-tries, each checked. */
  List<Integer> grindTries() {
    for (int k : grindTries) {
      if (k < 1 || k > SimulationConfig.MAX_GRIND_TRIES) {
        throw new UserInputException("--grind-tries must be between 1 and " + SimulationConfig.MAX_GRIND_TRIES
            + ", not " + k);
      }
    }
    return grindTries;
  }

  /** Heights of a grinding run unless given: 10 batches of 19 after the burn-in, so the seat share has an interval. */
  static final int GRIND_HEIGHTS = 200;

  @Option(names = "--heights", paramLabel = "H", description = "Heights every honest node must commit (default: "
      + "${DEFAULT-VALUE}; " + GRIND_HEIGHTS + " with --byzantine-mode grind).")
  int heights = 20;

  private int heights(ByzantineMode mode) {
    boolean given = spec.commandLine().getParseResult().hasMatchedOption("--heights");
    return mode == ByzantineMode.GRIND && !given ? GRIND_HEIGHTS : heights;
  }

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the run (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--drop", paramLabel = "P", description = "Probability a message is lost while faults last.")
  double drop;

  @Option(names = "--duplicate", paramLabel = "P", description = "Probability a message arrives twice while faults last.")
  double duplicate;

  @Option(names = "--partition", paramLabel = "K|random", defaultValue = "0",
      description = "Random partitions (symmetric or one-way) that start and heal while faults last; 'random'"
          + " draws 1-4 from each run's seed.")
  String partitions;

  @Option(names = "--crash", paramLabel = "K|random", defaultValue = "0",
      description = "Crash-and-restart episodes of honest nodes while faults last; 'random' draws 1-4 from each"
          + " run's seed.")
  String crashes;

  /** The partitions of the run with {@code seed}. */
  int partitionsOf(long seed) {
    return FaultCount.parse("--partition", partitions).of(seed, PARTITION_SALT);
  }

  /** The crash episodes of the run with {@code seed}. */
  int crashesOf(long seed) {
    return FaultCount.parse("--crash", crashes).of(seed, CRASH_SALT);
  }

  @Option(names = "--experiment", paramLabel = "NAME",
      description = "bootstrap-only | tx-rate R | tx-rate-random R | tx-n-outputs K (the original's; senators send)"
          + " or load-rate R (every node); the same plan as the real node's (default: ${DEFAULT-VALUE}).")
  String experiment = "tx-rate";

  @Option(names = "--param", split = ",", defaultValue = "1", paramLabel = "X[,X...]",
      description = "The experiment's rate R or outputs K; a list runs each (default: ${DEFAULT-VALUE}).")
  List<Double> param;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Also write results.csv (one row per run, figures marked simulated) and PNG charts here.")
  Path outDir;

  @Option(names = "--append",
      description = "Keep the rows of --out's results.csv and add these runs' (a grid made of several commands).")
  boolean append;

  @Option(names = "--fan-out", paramLabel = "K", description = "Gossip peers each node samples (default: ${DEFAULT-VALUE}).")
  int fanOut = 8;

  @Option(names = "--netem", paramLabel = "SPEC",
      description = "Links as `lpos experiment --netem SPEC` makes them, to compare the two: one-way delay=D"
          + " jitter=J (uniform D-J..D+J), loss=L%% (a lost 1,448-byte segment holds the link one retransmission"
          + " timeout), in order per link; 'loopback' adds nothing; rate is not simulated (default: the"
          + " simulator's 10 ms plus exponential jitter of mean 20 ms, which reorders).")
  String netem;

  @Option(names = "--seat-draw", paramLabel = "original|distinct", defaultValue = "original",
      description = "How the chain draws its senate: original (seats with replacement, the prototype's draw) or"
          + " distinct (distinct members, as the chains of `lpos demo` and `experiment` do; PROTOCOL §5)"
          + " (default: ${DEFAULT-VALUE}).")
  String seatDraw;

  /** The seat draw of every run's chain. */
  SeatDraw seatDraw() {
    return switch (seatDraw) {
      case "original" -> SeatDraw.SEAT_DRAW_WITH_REPLACEMENT;
      case "distinct" -> SeatDraw.SEAT_DRAW_DISTINCT_MEMBERS;
      default -> throw new UserInputException("--seat-draw is original or distinct, not " + seatDraw);
    };
  }

  /** The links of every run: {@code --netem}'s profile, or the simulator's own model. */
  SimulatedLinks links() {
    if (netem == null) {
      return SimulatedLinks.DEFAULT;
    }
    try {
      return new SimulatedLinks.Netem(LinkProfile.parse(netem));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage().startsWith("--netem") ? e.getMessage() : "--netem: " + e.getMessage());
    }
  }

  @Option(names = "--faults-until-ms", paramLabel = "MS",
      description = "Simulated time at which faults stop (default: ${DEFAULT-VALUE}).")
  long faultsUntilMs = 10_000;

  @Option(names = "--liveness-bound-ms", paramLabel = "MS",
      description = "After the faults, an honest node must commit within this time (default: ${DEFAULT-VALUE}).")
  long livenessBoundMs = 60_000;

  @Option(names = "--progress-every", paramLabel = "H", description = "A progress line every H heights (default: ${DEFAULT-VALUE}).")
  int progressEvery = 10;

  @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
  boolean json;

  @Option(names = "--verbose", description = "Narrate one height: senate, tickets, proposals, votes, commit.")
  boolean verbose;

  @Option(names = "--narrate-height", paramLabel = "H", description = "The height --verbose narrates (default: ${DEFAULT-VALUE}).")
  long narrateHeight = 2;

  @Option(names = "--sweep", paramLabel = "N",
      description = "Run N random seeds per mode of --modes and summarize; unless given, --nodes 40 --senate 10"
          + " --byzantine 3 --drop 0.05 --heights 60, and --faults-until-ms 30000 for amnesia.")
  Integer sweep;

  @Option(names = "--modes", split = ",", paramLabel = "MODE[,MODE...]",
      description = "The Byzantine modes a sweep runs (default: all).")
  List<String> modes;

  @Option(names = "--master-seed", paramLabel = "SEED",
      description = "The seed a sweep draws its runs' seeds from (default: the time, printed first).")
  Long masterSeed;

  @Option(names = "--threads", paramLabel = "T",
      description = "Threads a sweep runs on (default: min(2, cores)); for a list of runs, how many run at once"
          + " (default: one).")
  Integer threads;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (sweep != null) {
      return new SweepRun(this).call();
    }
    List<SimulationConfig> configs = configs();
    PrintWriter out = spec.commandLine().getOut();
    ProgressBar bar = new ProgressBar(configs.size(), 0);
    List<RunRecord> records = new ArrayList<>(ExperimentCommand.earlierRows(append, outDir));
    long began = System.currentTimeMillis();
    boolean allOk = true;
    if (outDir != null) {
      Files.createDirectories(outDir);
    }
    List<GrindingResults.Row> grinding = new ArrayList<>(
        grindOut == null ? List.of() : GrindingResults.read(grindOut.resolve(GrindingResults.FILE)));
    if (grindOut != null) {
      Files.createDirectories(grindOut);
    }
    List<Future<Finished>> parallel = inParallel(configs);
    for (int i = 0; i < configs.size(); i++) {
      SimulationConfig config = configs.get(i);
      SimulationSummary summary = parallel.isEmpty() ? runOne(config, out::println) : printed(parallel.get(i), out);
      allOk &= summary.ok();
      records.add(SimulationRecord.of(summary));
      if (grindOut != null) {
        grinding.add(GrindingResults.Row.of(summary));
        GrindingResults.write(grindOut.resolve(GrindingResults.FILE), grinding);
      }
      if (outDir != null) {
        ResultsCsv.write(outDir.resolve(ResultsCsv.FILE), records);
      }
      if (configs.size() > 1) {
        bar.finished(System.currentTimeMillis() - began);
        began = System.currentTimeMillis();
        out.println(bar.line(0, "simulated " + config.nodes() + " nodes, " + config.senateSeats() + " seats"));
      }
      out.flush();
    }
    if (outDir != null) {
      out.println("results (SIMULATED figures): " + outDir.resolve(ResultsCsv.FILE));
      ResultPlots.write(outDir, records).forEach(c -> out.println("chart (SIMULATED): " + c));
    }
    if (grindOut != null) {
      out.println("grinding rows (SIMULATED): " + grindOut.resolve(GrindingResults.FILE));
      out.println("chart (SIMULATED): " + GrindingPlot.write(grindOut, grinding));
    }
    out.flush();
    return allOk ? 0 : ExitCodes.CHECK_FAILED;
  }

  private SimulationSummary runOne(SimulationConfig config, Consumer<String> out) {
    out.accept("seed " + config.seed());
    out.accept("replay: " + config.replayCommand());
    long started = System.nanoTime();
    Simulation simulation = new Simulation(config, out, progressEvery, verbose ? narrateHeight : 0);
    SimulationSummary summary = simulation.run();
    double wallSeconds = Math.round((System.nanoTime() - started) / 1e6) / 1000.0;
    summary.describe().forEach(out);
    out.accept(String.format(Locale.ROOT, "wall %.3f s", wallSeconds));
    if (!summary.ok()) {
      out.accept("replay: " + config.replayCommand());
    }
    if (json) {
      out.accept(new GsonBuilder().serializeNulls().create().toJson(summary.toJson(wallSeconds)));
    }
    return summary;
  }

  /** A run that finished on another thread with the lines it printed, which are printed now, in order. */
  private record Finished(SimulationSummary summary, List<String> lines) {}

  /**
   * With {@code --threads} above one and several runs, every run started on a pool (each run is
   * deterministic on its own, so the results do not depend on the threads); none otherwise.
   */
  private List<Future<Finished>> inParallel(List<SimulationConfig> configs) {
    if (threads == null || threads <= 1 || configs.size() <= 1) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Finished>> runs = new ArrayList<>();
    for (SimulationConfig config : configs) {
      runs.add(pool.submit(() -> {
        List<String> lines = new ArrayList<>();
        return new Finished(runOne(config, lines::add), lines);
      }));
    }
    pool.shutdown();
    return runs;
  }

  /** The summary of a run of the pool, once it finished, after printing its lines. */
  private static SimulationSummary printed(Future<Finished> run, PrintWriter out) throws InterruptedException {
    try {
      Finished f = run.get();
      f.lines().forEach(out::println);
      return f.summary();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a simulation failed: " + e.getCause(), e.getCause());
    }
  }

  /** One configuration per combination; invalid combinations of a list are named on stderr and skipped. */
  private List<SimulationConfig> configs() {
    ByzantineMode mode;
    Experiment workload;
    ParameterGrid grid;
    try {
      mode = ByzantineMode.parse(byzantineMode);
      workload = ExperimentSpec.experiment(experiment);
      grid = new ParameterGrid(nodes, senate, byzantine, param);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    SimulatedLinks links = links();
    SeatDraw draw = seatDraw();
    Lottery chosen = lottery();
    List<Integer> tries = mode == ByzantineMode.GRIND ? grindTries() : List.of(grindTries().get(0));
    List<SimulationConfig> configs = new ArrayList<>();
    List<ParameterGrid.Point> points = grid.points();
    for (ParameterGrid.Point p : points) {
      try {
        SimulationConfig config = new SimulationConfig(p.population(), p.senate(), p.byzantine(), mode, heights(mode), seed,
            drop, duplicate, partitionsOf(seed), crashesOf(seed), workload, p.param(), fanOut, links, faultsUntilMs,
            livenessBoundMs, ConsensusConfig.defaults()).withSeatDraw(draw).withLottery(chosen);
        for (int k : tries) {
          configs.add(config.withGrindTries(k));
        }
      } catch (IllegalArgumentException e) {
        if (points.size() == 1) {
          throw new UserInputException(e.getMessage());
        }
        spec.commandLine().getErr().printf("simulate: skipping %d nodes, %d seats, T %d, param %s: %s%n",
            p.population(), p.senate(), p.byzantine(), ResultsCsv.number(p.param()), e.getMessage());
      }
    }
    if (configs.isEmpty()) {
      throw new UserInputException("no valid combination of --nodes, --senate, --byzantine and --param");
    }
    return configs;
  }
}
